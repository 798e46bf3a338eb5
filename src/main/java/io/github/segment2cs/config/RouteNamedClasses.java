package io.github.segment2cs.config;

import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.StateUnavailable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The classes the YAML routes name by string (the exceptions of their doCatch and onException
 * clauses), and whose methods they call (deliver.yaml reads {@code ${exception.statusCode}}), and the
 * library's classes the routes reach by method: the instance registry's heartbeat, and the inbox
 * entries a claim's splits pass along. The routes are read at run time, so a native image finds
 * these only when they are registered here, at build time. NativeReadinessTest fails when a named
 * class or a bean called by method is missing.
 */
@RegisterForReflection(targets = { Exception.class, HttpOperationFailedException.class, StateUnavailable.class,
        InstanceRegistry.class, InboxStore.Entry.class })
public final class RouteNamedClasses {

    private RouteNamedClasses() {
    }
}

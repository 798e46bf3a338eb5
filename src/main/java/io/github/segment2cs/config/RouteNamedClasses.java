package io.github.segment2cs.config;

import io.github.segment2cs.customfields.CustomFieldsQueue;
import io.github.segment2cs.customfields.CustomFieldsSync;
import io.github.segment2cs.deliver.DeliveryCircuit;
import io.github.segment2cs.deliver.DeliveryOutcome;
import io.github.segment2cs.deliver.DeliveryPoller;
import io.github.segment2cs.holdback.HeldEventSweeper;
import io.github.segment2cs.holdback.HoldingCounter;
import io.github.segment2cs.holdback.ReleaseProgress;
import io.github.segment2cs.process.Housekeeping;
import io.github.segment2cs.process.InboxPoller;
import io.github.segment2cs.process.RoutingPace;
import io.github.segment2cs.process.StepTracker;
import io.github.segment2cs.store.InboxStore;
import io.github.segment2cs.store.InstanceRegistry;
import io.github.segment2cs.store.StateUnavailable;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The classes the YAML routes name by string (the exceptions of their doCatch and onException
 * clauses), and whose methods they call: {@code ${exception.statusCode}} in deliver.yaml, the
 * library's beans the routes call by method name (pollers, routing's pace, sweeper, counters, the
 * heartbeat), and the inbox entries a claim's splits pass along. The routes are read at run time, so a native image
 * finds these only when they are registered here, at build time. NativeReadinessTest fails when a
 * named class or a bean called by method is missing.
 */
@RegisterForReflection(targets = { Exception.class, HttpOperationFailedException.class, StateUnavailable.class,
        InstanceRegistry.class, InboxStore.Entry.class, InboxPoller.class, RoutingPace.class, Housekeeping.class,
        StepTracker.class, HeldEventSweeper.class, HoldingCounter.class, ReleaseProgress.class, DeliveryCircuit.class,
        DeliveryOutcome.class, DeliveryPoller.class, CustomFieldsQueue.class, CustomFieldsSync.class })
public final class RouteNamedClasses {

    private RouteNamedClasses() {
    }
}

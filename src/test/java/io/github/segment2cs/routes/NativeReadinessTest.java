package io.github.segment2cs.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.segment2cs.embedded.DefaultSettings;
import io.github.segment2cs.store.StateDatabase;
import io.github.segment2cs.store.StateOutage;
import io.github.segment2cs.support.PackagedService;
import io.github.segment2cs.wiring.RouteBeans;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.inject.Named;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Processor;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What a native image needs that the JVM forgives. YAML routes are read at run time, so whatever
 * they reach by name through reflection must be registered for it at build time: the beans they
 * call by method name ({@code bean} and {@code method}) and the classes they name (the exceptions
 * of {@code doCatch} and {@code onException}). A processor called through {@code process} needs
 * nothing: it is called through Camel's {@link Processor} interface. Expressions must not name
 * classes at all ({@code ${exception} is '…'}, {@code ${type:…}}), as nothing can see them at build
 * time; a bean method or a {@code doCatch} clause says the same. No GraalVM is needed to run this.
 */
class NativeReadinessTest {

    static final Path ROUTES = Path.of("routes");
    static final Path CLASSES = PackagedService.BUILD.resolve("classes");
    static final Pattern CLASS_IN_EXPRESSION = Pattern.compile("\\bis\\s+'[\\w.$]+'|\\$\\{type:|\\$\\{bean:|\\bbeanType\\b");

    /** A place in a route file that reaches a bean or a class by name. */
    record Use(String file, String what) {
    }

    static final List<Use> beanMethods = new ArrayList<>();
    static final List<Use> processors = new ArrayList<>();
    static final List<Use> namedClasses = new ArrayList<>();
    static final List<Use> classesInExpressions = new ArrayList<>();
    static Map<String, Class<?>> beans;
    static Set<Class<?>> registered;

    @BeforeAll
    static void readTheRoutesAndTheBeans() throws IOException {
        try (Stream<Path> files = Files.list(ROUTES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
                    walkExpandingTemplates(file.getFileName().toString(), (List<?>) document);
                }
            }
        }
        beans = new HashMap<>();
        // The library's beans, bound under the names the routes call them by (config/LibraryBeans).
        new RouteBeans(new StateDatabase(new JdbcDataSource(), false, new StateOutage()), new DefaultSettings().config(),
                "", new SimpleMeterRegistry(), new ObjectMapper()).named()
                .forEach((name, bean) -> beans.put(name, bean.getClass()));
        registered = new HashSet<>();
        for (Class<?> type : compiledClasses()) {
            Named named = type.getAnnotation(Named.class);
            if (named != null) {
                beans.put(named.value(), type);
            }
            RegisterForReflection registration = type.getAnnotation(RegisterForReflection.class);
            if (registration != null) {
                registered.add(type);
                registered.addAll(Arrays.asList(registration.targets()));
            }
        }
    }

    @Test
    void theRoutesWereRead() {
        assertFalse(beanMethods.isEmpty(), "no bean or method call found in " + ROUTES);
        assertFalse(namedClasses.isEmpty(), "no exception class found in " + ROUTES);
    }

    @Test
    void everyBeanCalledByMethodNameIsRegisteredForReflectionAndHasThatMethod() {
        List<String> missing = new ArrayList<>();
        for (Use use : beanMethods) {
            String[] refAndMethod = use.what().split("#", 2);
            Class<?> bean = beans.get(refAndMethod[0]);
            if (bean == null) {
                missing.add(use + ": no @Named(\"" + refAndMethod[0] + "\") class");
            } else if (!registered.contains(bean)) {
                missing.add(use + ": " + bean.getName() + " is not @RegisterForReflection");
            } else if (!refAndMethod[1].isEmpty() && Arrays.stream(bean.getMethods())
                    .noneMatch(method -> method.getName().equals(refAndMethod[1]) && isInstanceMethod(method))) {
                missing.add(use + ": " + bean.getName() + " has no public method " + refAndMethod[1]);
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void everyBeanCalledAsAProcessorIsOne() {
        List<String> wrong = processors.stream().filter(use -> !(beans.containsKey(use.what())
                && Processor.class.isAssignableFrom(beans.get(use.what())))).map(Use::toString).toList();
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyClassTheRoutesNameIsRegisteredForReflection() {
        List<String> missing = new ArrayList<>();
        for (Use use : namedClasses) {
            try {
                if (!registered.contains(Class.forName(use.what()))) {
                    missing.add(use + ": not registered (a @RegisterForReflection's targets)");
                }
            } catch (ClassNotFoundException e) {
                missing.add(use + ": no such class");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void noExpressionNamesAClass() {
        assertEquals(List.of(), classesInExpressions);
    }

    private static boolean isInstanceMethod(Method method) {
        return !Modifier.isStatic(method.getModifiers());
    }

    /**
     * Walks a route file, with each templated route made from its template (as Camel makes it), so
     * that what a template's parameters name is checked where it is used.
     */
    private static void walkExpandingTemplates(String file, List<?> entries) {
        Map<Object, Map<?, ?>> templates = new HashMap<>();
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("routeTemplate") instanceof Map<?, ?> template) {
                templates.put(template.get("id"), template);
            }
        }
        for (Object entry : entries) {
            if (entry instanceof Map<?, ?> map && map.get("templatedRoute") instanceof Map<?, ?> templated) {
                Map<?, ?> template = templates.get(templated.get("routeTemplateRef"));
                Map<String, String> values = new HashMap<>();
                for (Object parameter : (List<?>) template.get("parameters")) {
                    Map<?, ?> declared = (Map<?, ?>) parameter;
                    if (declared.get("defaultValue") != null) {
                        values.put(declared.get("name").toString(), declared.get("defaultValue").toString());
                    }
                }
                for (Object parameter : (List<?>) templated.get("parameters")) {
                    Map<?, ?> given = (Map<?, ?>) parameter;
                    values.put(given.get("name").toString(), given.get("value").toString());
                }
                walk(file, substitute(template.get("route"), values));
            } else if (!(entry instanceof Map<?, ?> map && map.containsKey("routeTemplate"))) {
                walk(file, entry);
            }
        }
    }

    /** A copy of the node with each {@code {{name}}} replaced by its value. */
    private static Object substitute(Object node, Map<String, String> values) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new HashMap<>();
            map.forEach((key, value) -> copy.put(key, substitute(value, values)));
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> substitute(item, values)).toList();
        }
        if (node instanceof String text) {
            for (Map.Entry<String, String> value : values.entrySet()) {
                text = text.replace("{{" + value.getKey() + "}}", value.getValue());
            }
            return text;
        }
        return node;
    }

    /** Records every bean call, processor, class name and expression of one YAML node, recursively. */
    private static void walk(String file, Object node) {
        if (node instanceof Map<?, ?> map) {
            Object ref = map.get("ref");
            if (ref != null && map.containsKey("method")) {
                beanMethods.add(new Use(file, ref + "#" + map.get("method")));
            }
            map.forEach((key, value) -> {
                if ("process".equals(key) && value instanceof Map<?, ?> process && process.get("ref") != null) {
                    processors.add(new Use(file, process.get("ref").toString()));
                } else if ("bean".equals(key) && value instanceof Map<?, ?> bean && bean.get("ref") != null
                        && !bean.containsKey("method")) {
                    beanMethods.add(new Use(file, bean.get("ref") + "#"));
                } else if ("exception".equals(key) && value instanceof List<?> classes) {
                    classes.forEach(name -> namedClasses.add(new Use(file, name.toString())));
                } else if ("type".equals(key) && value instanceof String name && name.contains(".")) {
                    namedClasses.add(new Use(file, name));
                }
                walk(file, value);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(file, item));
        } else if (node instanceof String text) {
            Matcher matcher = CLASS_IN_EXPRESSION.matcher(text);
            if (matcher.find()) {
                classesInExpressions.add(new Use(file, text));
            }
        }
    }

    private static List<Class<?>> compiledClasses() throws IOException {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            return files.filter(path -> path.toString().endsWith(".class") && !path.toString().contains("$"))
                    .map(path -> CLASSES.relativize(path).toString().replace(".class", "").replace('/', '.'))
                    .map(NativeReadinessTest::load).collect(Collectors.toList());
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, NativeReadinessTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}

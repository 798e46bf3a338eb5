package io.github.segment2cs.clientsuccess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the Kamelets make by class name is there to be made: each template bean's class exists, is
 * public, has a public no-argument constructor and a public setter for each property the Kamelet
 * sets; each exception a Kamelet names exists. (A Quarkus host registers these classes for a native
 * image with quarkus.camel.native.reflection.include-patterns; README "Embedding".)
 */
class KameletBeansTest {

    static final List<String> KAMELETS = List.of("kamelets/clientsuccess-sink.kamelet.yaml",
            "kamelets/segment-to-clientsuccess-sink.kamelet.yaml");

    @Test
    void everyTemplateBeanCanBeMadeByName() throws IOException {
        List<String> problems = new ArrayList<>();
        int beans = 0;
        for (String kamelet : KAMELETS) {
            Map<?, ?> template = (Map<?, ?>) ((Map<?, ?>) read(kamelet).get("spec")).get("template");
            for (Object entry : (List<?>) template.get("beans")) {
                Map<?, ?> bean = (Map<?, ?>) entry;
                beans++;
                String type = bean.get("type").toString().replaceFirst("^#class:", "");
                try {
                    Class<?> made = Class.forName(type);
                    if (!Modifier.isPublic(made.getModifiers())) {
                        problems.add(kamelet + ": " + type + " is not public");
                    }
                    made.getConstructor();
                    Map<?, ?> properties = bean.get("properties") instanceof Map<?, ?> set ? set : Map.of();
                    for (Object property : properties.keySet()) {
                        String setter = "set" + Character.toUpperCase(property.toString().charAt(0))
                                + property.toString().substring(1);
                        if (Arrays.stream(made.getMethods()).noneMatch(method -> method.getName().equals(setter)
                                && method.getParameterCount() == 1)) {
                            problems.add(kamelet + ": " + type + " has no public " + setter);
                        }
                    }
                } catch (ClassNotFoundException e) {
                    problems.add(kamelet + ": no class " + type);
                } catch (NoSuchMethodException e) {
                    problems.add(kamelet + ": " + type + " has no public no-argument constructor");
                }
            }
        }
        assertFalse(beans == 0, "no template bean found");
        assertEquals(List.of(), problems);
    }

    @Test
    void everyExceptionNamedExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String kamelet : KAMELETS) {
            collectExceptions(read(kamelet), kamelet, missing);
        }
        assertEquals(List.of(), missing);
    }

    private static void collectExceptions(Object node, String kamelet, List<String> missing) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("exception".equals(key) && value instanceof List<?> names) {
                    for (Object name : names) {
                        try {
                            Class.forName(name.toString());
                        } catch (ClassNotFoundException e) {
                            missing.add(kamelet + ": no class " + name);
                        }
                    }
                } else {
                    collectExceptions(value, kamelet, missing);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectExceptions(item, kamelet, missing));
        }
    }

    private static Map<?, ?> read(String resource) throws IOException {
        try (InputStream in = KameletBeansTest.class.getClassLoader().getResourceAsStream(resource)) {
            return (Map<?, ?>) new Load(LoadSettings.builder().build())
                    .loadFromString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}

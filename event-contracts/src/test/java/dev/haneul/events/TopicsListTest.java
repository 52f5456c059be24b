package dev.haneul.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The topics the deployments create before the services start are the topics the services use. */
class TopicsListTest {
    private static final Path LIST = Path.of("../deploy/kafka/topics.txt");

    @Test
    void allNamesEveryTopicConstant() {
        Set<String> constants = Arrays.stream(Topics.class.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
                .map(f -> {
                    try {
                        return (String) f.get(null);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }).collect(Collectors.toSet());
        assertEquals(constants, Set.copyOf(Topics.ALL));
        assertEquals(constants.size(), Topics.ALL.size(), "a topic listed twice");
    }

    @Test
    void theDeploymentsTopicListIsTopicsAll() throws IOException {
        List<String> listed = Files.readAllLines(LIST).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertEquals(Topics.ALL, listed, LIST + " must list Topics.ALL, in its order");
    }
}

package io.codesynth.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Facts the manifests must agree with, read from the services' Java source (not copied into the tests): each
 * consumer's group id (the {@code GROUP} constant of its main listener, a string literal or a reference to
 * {@code ConsumerGroups}), the topic it consumes ({@code topics = Topics.X}) and the pipeline's topics.
 */
final class KubernetesPipelineSource {

    /** The listener that defines each consuming service's group, relative to the repository root. */
    static final Map<String, String> LISTENERS = Map.of(
            "generation-worker", "generation-worker/src/main/java/io/codesynth/generation/GenerationListener.java",
            "verification-worker",
            "verification-worker/src/main/java/io/codesynth/verification/worker/CandidatesListener.java",
            "results-service", "results-service/src/main/java/io/codesynth/results/intake/JobsListener.java");

    static final String TOPICS = "pipeline-contracts/src/main/java/io/codesynth/contracts/Topics.java";
    static final String CONSUMER_GROUPS = "pipeline-contracts/src/main/java/io/codesynth/contracts/ConsumerGroups.java";

    private static final Pattern GROUP = Pattern.compile("static\\s+final\\s+String\\s+GROUP\\s*=\\s*([^;]+);");
    private static final Pattern LISTENER_TOPIC = Pattern.compile("topics\\s*=\\s*\\{?\\s*Topics\\.([A-Z_]+)");

    private KubernetesPipelineSource() {
    }

    /** The consumer group id of {@code service}'s workers, as its source defines it. */
    static String consumerGroup(String service) {
        String source = read(listener(service));
        Matcher m = GROUP.matcher(source);
        if (!m.find()) {
            throw new IllegalStateException("no `static final String GROUP = ...;` in " + listener(service));
        }
        return resolve(m.group(1).trim(), listener(service));
    }

    /** The topic that {@code service}'s main listener consumes. */
    static String inputTopic(String service) {
        Matcher m = LISTENER_TOPIC.matcher(read(listener(service)));
        if (!m.find()) {
            throw new IllegalStateException("no `topics = Topics.X` in " + listener(service));
        }
        return constant(TOPICS, m.group(1));
    }

    /** The pipeline's topics followed by each one's dead-letter twin. */
    static List<String> topicsWithDeadLetters() {
        String suffix = constant(TOPICS, "DLT_SUFFIX");
        List<String> topics = new ArrayList<>();
        for (String name : List.of("JOBS", "GENERATION", "CANDIDATES", "VERDICTS", "RESULTS")) {
            String topic = constant(TOPICS, name);
            topics.add(topic);
            topics.add(topic + suffix);
        }
        return topics;
    }

    private static String listener(String service) {
        String path = LISTENERS.get(service);
        if (path == null) {
            throw new IllegalArgumentException(service + " has no consumer group of its own");
        }
        return path;
    }

    /** A string literal, or {@code Class.CONSTANT} of ConsumerGroups, Topics or a listener in LISTENERS. */
    private static String resolve(String expression, String where) {
        if (expression.startsWith("\"") && expression.endsWith("\"")) {
            return expression.substring(1, expression.length() - 1);
        }
        Matcher m = Pattern.compile("([A-Za-z]+)\\.([A-Z_]+)").matcher(expression);
        if (m.matches()) {
            String file = switch (m.group(1)) {
                case "ConsumerGroups" -> CONSUMER_GROUPS;
                case "Topics" -> TOPICS;
                default -> LISTENERS.values().stream().filter(p -> p.endsWith("/" + m.group(1) + ".java")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("cannot resolve " + expression + " in " + where));
            };
            return constant(file, m.group(2));
        }
        throw new IllegalStateException("cannot resolve " + expression + " in " + where);
    }

    private static String constant(String file, String name) {
        Matcher m = Pattern.compile("static\\s+final\\s+String\\s+" + name + "\\s*=\\s*([^;]+);").matcher(read(file));
        if (!m.find()) {
            throw new IllegalStateException("no constant " + name + " in " + file);
        }
        return resolve(m.group(1).trim(), file);
    }

    private static String read(String relative) {
        Path path = ServiceSettings.repositoryRoot().resolve(relative);
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e, e);
        }
    }
}

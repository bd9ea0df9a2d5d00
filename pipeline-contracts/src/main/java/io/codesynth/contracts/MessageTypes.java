package io.codesynth.contracts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message types of the pipeline and their names in the {@link Topics#TYPE_HEADER} record header.
 *
 * <p>The header value is the record's simple class name (UTF-8), e.g. {@code TaskCompleted}. A topic
 * may carry more than one type ({@link Topics#RESULTS} carries {@link TaskCompleted} and
 * {@link JobCompleted}), so consumers pick the class from the header rather than from the topic.
 */
public final class MessageTypes {

    private static final Map<Class<? extends PipelineMessage>, String> TOPIC_BY_TYPE = topics();
    private static final Map<String, Class<? extends PipelineMessage>> TYPE_BY_NAME = names();

    private MessageTypes() {
    }

    /** The six message types, in pipeline order. */
    public static List<Class<? extends PipelineMessage>> all() {
        return List.copyOf(TOPIC_BY_TYPE.keySet());
    }

    /** The header value for a message. */
    public static String typeName(Object message) {
        if (message == null) {
            throw new IllegalArgumentException("message is required");
        }
        return typeName(message.getClass());
    }

    /** The header value for a message type. */
    public static String typeName(Class<?> type) {
        if (type == null || !TOPIC_BY_TYPE.containsKey(type)) {
            throw new IllegalArgumentException("not a pipeline message type: "
                    + (type == null ? "null" : type.getName()) + "; expected one of " + TYPE_BY_NAME.keySet());
        }
        return type.getSimpleName();
    }

    /** The message type named by a header value. */
    public static Class<? extends PipelineMessage> classOf(String typeName) {
        Class<? extends PipelineMessage> type = typeName == null ? null : TYPE_BY_NAME.get(typeName.trim());
        if (type == null) {
            throw new IllegalArgumentException("unknown message type '" + typeName + "' in header "
                    + Topics.TYPE_HEADER + ", expected one of " + TYPE_BY_NAME.keySet());
        }
        return type;
    }

    /** The topic a message type is published on. */
    public static String topicOf(Class<?> type) {
        typeName(type);
        return TOPIC_BY_TYPE.get(type);
    }

    private static Map<Class<? extends PipelineMessage>, String> topics() {
        Map<Class<? extends PipelineMessage>, String> topics = new LinkedHashMap<>();
        topics.put(JobSubmitted.class, Topics.JOBS);
        topics.put(GenerationRequest.class, Topics.GENERATION);
        topics.put(CandidateBatch.class, Topics.CANDIDATES);
        topics.put(VerificationReport.class, Topics.VERDICTS);
        topics.put(TaskCompleted.class, Topics.RESULTS);
        topics.put(JobCompleted.class, Topics.RESULTS);
        return topics;
    }

    private static Map<String, Class<? extends PipelineMessage>> names() {
        Map<String, Class<? extends PipelineMessage>> names = new LinkedHashMap<>();
        TOPIC_BY_TYPE.keySet().forEach(type -> names.put(type.getSimpleName(), type));
        return names;
    }
}

package io.codesynth.standalone;

/**
 * The TCP ports the standalone opens, each with its command-line flag, environment variable and
 * default. The label names the port in messages ("port 9092 (Kafka) is in use").
 */
enum PortSetting {
    GATEWAY("gateway-port", "CODESYNTH_GATEWAY_PORT", 8080, "gateway"),
    RESULTS("results-port", "CODESYNTH_RESULTS_PORT", 8081, "results-service"),
    GENERATION("generation-port", "CODESYNTH_GENERATION_PORT", 8082, "generation-worker"),
    VERIFICATION("verification-port", "CODESYNTH_VERIFICATION_PORT", 8083, "verification-worker"),
    KAFKA("kafka-port", "CODESYNTH_KAFKA_PORT", 9092, "Kafka"),
    KAFKA_CONTROLLER("kafka-controller-port", "CODESYNTH_KAFKA_CONTROLLER_PORT", 9093, "Kafka controller"),
    POSTGRES("postgres-port", "CODESYNTH_POSTGRES_PORT", 5432, "PostgreSQL");

    private final String flag;
    private final String environmentVariable;
    private final int defaultPort;
    private final String label;

    PortSetting(String flag, String environmentVariable, int defaultPort, String label) {
        this.flag = flag;
        this.environmentVariable = environmentVariable;
        this.defaultPort = defaultPort;
        this.label = label;
    }

    /** The command-line flag, with its dashes: {@code --kafka-port}. */
    String flag() {
        return "--" + flag;
    }

    String environmentVariable() {
        return environmentVariable;
    }

    int defaultPort() {
        return defaultPort;
    }

    String label() {
        return label;
    }
}

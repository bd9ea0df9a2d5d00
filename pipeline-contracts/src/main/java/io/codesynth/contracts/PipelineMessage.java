package io.codesynth.contracts;

import java.util.UUID;

/** What every record on a pipeline topic carries. */
public interface PipelineMessage {

    /** The schema version this code writes; readers accept this version and older ones. */
    int SCHEMA_VERSION = 1;

    int schemaVersion();

    UUID jobId();

    /** The tenant that submitted the job; consumers never mix tenants' data. */
    String tenantId();

    /** The Kafka record key: the task key for task messages, the job id for job messages. */
    String messageKey();
}

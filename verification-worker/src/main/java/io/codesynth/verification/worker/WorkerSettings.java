package io.codesynth.verification.worker;

import io.codesynth.contracts.WorkerId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code codesynth.worker.*}: which worker this process is, in the verification reports it publishes. Environment
 * variable {@code CODESYNTH_WORKER_ID}; empty names the worker {@code <hostname>/<pid>}. Checked when the service
 * starts, with a message naming the setting.
 *
 * @param id at most 200 printable characters; empty or unset for {@code <hostname>/<pid>}
 */
@ConfigurationProperties("codesynth.worker")
record WorkerSettings(String id) {

    WorkerSettings {
        if (id != null && !id.isBlank()) {
            WorkerId.of(id);
        }
    }

    /** Whether an id was configured (else the default is used). */
    boolean configured() {
        return id != null && !id.isBlank();
    }

    WorkerId workerId() {
        return WorkerId.of(id);
    }
}

-- The results service's tables. Flyway runs this inside the schema `results` (its history table
-- lives there too), so the service can share a database with the gateway's schema.
--
-- Only jobs and tasks are written by the first slice; candidates, verdicts and the pass@k / rank
-- columns are filled once generation and verification results are consumed. Those rows arrive on
-- other topics and may overtake the JobSubmitted that creates their task, so candidates and verdicts
-- carry no foreign keys: storing them never depends on the order in which consumers catch up.

CREATE TABLE jobs (
    job_id             uuid         PRIMARY KEY,
    tenant             text         NOT NULL,
    name               text         NOT NULL,
    state              text         NOT NULL
        CHECK (state IN ('QUEUED', 'GENERATING', 'VERIFYING', 'COMPLETED', 'COMPLETED_WITH_ERRORS', 'FAILED')),
    samples_per_task   integer      NOT NULL CHECK (samples_per_task > 0),
    decoding           jsonb        NOT NULL,
    limits             jsonb,
    submitted_at       timestamptz  NOT NULL,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    completed_at       timestamptz,
    error              text,
    -- job-level pass@k ({"pass@1": 0.5, ...}) and the mean held-out pass rate of rank-1 candidates
    pass_at_k          jsonb,
    held_out_pass_rate double precision
);

-- GET /v1/jobs?status=...: a tenant's jobs newest first, with and without a state filter
CREATE INDEX jobs_tenant_state_submitted ON jobs (tenant, state, submitted_at DESC, job_id DESC);
CREATE INDEX jobs_tenant_submitted ON jobs (tenant, submitted_at DESC, job_id DESC);

CREATE TABLE tasks (
    task_key           text         PRIMARY KEY,   -- <jobId>/<taskIndex>
    job_id             uuid         NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
    task_index         integer      NOT NULL CHECK (task_index >= 0),
    task_id            text         NOT NULL,      -- the client's id, e.g. HumanEval/0
    format             text         NOT NULL,      -- humaneval | mbpp
    language           text         NOT NULL,      -- python | javascript
    prompt             text         NOT NULL,
    entry_point        text,
    tests              jsonb        NOT NULL,      -- array of strings
    held_out_tests     jsonb        NOT NULL DEFAULT '[]'::jsonb,
    test_setup_code    text,
    state              text         NOT NULL
        CHECK (state IN ('QUEUED', 'GENERATING', 'VERIFYING', 'COMPLETED', 'FAILED')),
    reason             text,                       -- why the task failed (DLT, timeout, ...)
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    generated_at       timestamptz,
    verified_at        timestamptz,
    completed_at       timestamptz,
    candidates_total   integer,                    -- n of pass@k
    candidates_passed  integer,                    -- c of pass@k
    pass_at_1          double precision,
    pass_at_5          double precision,
    pass_at_10         double precision,
    held_out_pass_rate double precision,           -- of the rank-1 candidate
    CONSTRAINT tasks_job_index UNIQUE (job_id, task_index),
    CONSTRAINT tasks_job_task_id UNIQUE (job_id, task_id)
);

CREATE INDEX tasks_job_state ON tasks (job_id, state);

CREATE TABLE candidates (
    candidate_id       text         PRIMARY KEY,   -- <taskKey>/<sampleIndex>
    job_id             uuid         NOT NULL,
    task_key           text         NOT NULL,
    sample_index       integer      NOT NULL CHECK (sample_index >= 0),
    batch_id           text,
    completion         text         NOT NULL,
    token_ids          integer[]    NOT NULL,
    forward_passes     integer      NOT NULL,
    mean_confidence    double precision,
    log_probability    double precision,
    reveal_steps       integer[]    NOT NULL,      -- per generated token, the step that unmasked it
    decode_ms          bigint,
    model              text,
    model_device       text,
    model_dtype        text,
    generated_at       timestamptz  NOT NULL,
    -- filled by ranking once the task's verdicts are in
    rank               integer,
    cluster_id         integer,
    cluster_size       integer,
    rank_reason        text,
    CONSTRAINT candidates_task_sample UNIQUE (task_key, sample_index)
);

CREATE INDEX candidates_job ON candidates (job_id);

CREATE TABLE verdicts (
    candidate_id       text         PRIMARY KEY,
    job_id             uuid         NOT NULL,
    task_key           text         NOT NULL,
    verdict            text         NOT NULL
        CHECK (verdict IN ('PASSED', 'FAILED', 'ERROR', 'TIMEOUT', 'MEMORY_LIMIT', 'OUTPUT_LIMIT',
                           'SYNTAX_ERROR', 'SANDBOX_ERROR')),
    tests_passed       integer      NOT NULL,
    tests_total        integer      NOT NULL,
    held_out_passed    integer,
    held_out_total     integer,
    duration_ms        bigint       NOT NULL,
    signature          jsonb        NOT NULL DEFAULT '[]'::jsonb,  -- [{outcome, value}] per ranking test
    error_type         text,
    error_message      text,
    stderr_tail        text,
    output_truncated   boolean      NOT NULL DEFAULT false,
    sandboxed          boolean      NOT NULL,
    verified_at        timestamptz  NOT NULL
);

CREATE INDEX verdicts_job ON verdicts (job_id);
CREATE INDEX verdicts_task ON verdicts (task_key);

-- Idempotent consumers: a message's effect and its row here commit in one transaction, so a
-- redelivered message finds its row and changes nothing.
CREATE TABLE processed_messages (
    consumer           text         NOT NULL,
    message_id         text         NOT NULL,
    processed_at       timestamptz  NOT NULL,
    PRIMARY KEY (consumer, message_id)
);

-- What the candidates, verdicts and dead-letter topics bring, the ranking's figures, and the outbox of
-- the public results topic.
--
-- Batches, reports and failures are keyed by task key and carry no foreign key to tasks, like
-- candidates and verdicts: they may arrive before the JobSubmitted that creates their task (Kafka
-- orders nothing across topics), and a task is evaluated again whenever one of its parts arrives.

-- One row per task whose CandidateBatch was stored: "generation is done" even for a batch without
-- candidates, which the candidates table alone could not say.
CREATE TABLE candidate_batches (
    task_key           text         PRIMARY KEY,
    batch_id           text         NOT NULL,
    job_id             uuid         NOT NULL,
    candidate_count    integer      NOT NULL CHECK (candidate_count >= 0),
    model              text         NOT NULL,
    model_device       text,
    model_dtype        text,
    generated_at       timestamptz  NOT NULL,
    received_at        timestamptz  NOT NULL
);

-- One row per stored VerificationReport (the verdicts themselves are per candidate). A task has one
-- report by contract; the key is the report id all the same, so a report in parts would still add up.
CREATE TABLE verification_reports (
    report_id          text         PRIMARY KEY,
    task_key           text         NOT NULL,
    job_id             uuid         NOT NULL,
    verdict_count      integer      NOT NULL CHECK (verdict_count >= 0),
    verified_at        timestamptz  NOT NULL,
    received_at        timestamptz  NOT NULL
);

CREATE INDEX verification_reports_task ON verification_reports (task_key);

-- Why a task can never complete: a dead letter of one of its messages. The first reason wins.
CREATE TABLE task_failures (
    task_key           text         PRIMARY KEY,
    job_id             uuid         NOT NULL,
    reason             text         NOT NULL,
    source_topic       text         NOT NULL,
    failed_at          timestamptz  NOT NULL
);

-- Messages for the public results topic, written in the transaction that decides them and sent by
-- the outbox relay. dedup_key makes "exactly one per task / job" a constraint of the database.
CREATE TABLE outbox (
    id                 bigserial    PRIMARY KEY,
    dedup_key          text         NOT NULL UNIQUE,   -- TaskCompleted:<taskKey> | JobCompleted:<jobId>
    topic              text         NOT NULL,
    message_key        text         NOT NULL,
    message_type       text         NOT NULL,
    payload            text         NOT NULL,          -- the record value, PipelineJson
    created_at         timestamptz  NOT NULL,
    sent_at            timestamptz
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Where the relay's view of each results-topic partition ends: every record before next_offset is
-- known to be marked sent. After a crash between the Kafka commit and the database commit, the
-- relay reads from here to the end of the partition and marks what it finds, instead of sending again.
CREATE TABLE outbox_positions (
    topic              text         NOT NULL,
    partition_no       integer      NOT NULL,
    next_offset        bigint       NOT NULL,
    PRIMARY KEY (topic, partition_no)
);

-- the deadline sweeper's scan: unfinished tasks by age
CREATE INDEX tasks_unfinished ON tasks (updated_at) WHERE state NOT IN ('COMPLETED', 'FAILED');

-- the job view's progress figures
CREATE INDEX candidate_batches_job ON candidate_batches (job_id);
CREATE INDEX verification_reports_job ON verification_reports (job_id);

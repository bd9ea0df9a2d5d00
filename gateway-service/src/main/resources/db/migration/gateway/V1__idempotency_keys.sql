-- Which job an Idempotency-Key created, per tenant. A row is inserted in the same database transaction
-- that spans the job's Kafka publish, so it exists only for jobs that were published.
CREATE TABLE idempotency_keys (
    tenant         text        NOT NULL,
    idem_key       text        NOT NULL,
    -- SHA-256 over the request's media type, query and body: the same key with another request is a conflict
    request_sha256 char(64)    NOT NULL,
    job_id         uuid        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, idem_key)
);

-- for expiring old keys
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

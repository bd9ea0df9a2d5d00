-- Which worker produced each candidate and each verdict: CandidateBatch.generatedBy and
-- VerificationReport.verifiedBy (the workers' codesynth.worker.id, by default <hostname>/<pid>), so the
-- API shows how a job's work spread over several generation and verification workers.
--
-- Nullable: rows stored before this migration, and messages of workers that predate the fields, have no
-- worker id ("unknown"). Written once with their row: a redelivered copy from another worker hits the
-- existing ON CONFLICT DO NOTHING / processed_messages checks, so the first stored copy's worker stays.

ALTER TABLE candidate_batches ADD COLUMN generated_by text;
ALTER TABLE candidates ADD COLUMN generated_by text;
ALTER TABLE verification_reports ADD COLUMN verified_by text;
ALTER TABLE verdicts ADD COLUMN verified_by text;

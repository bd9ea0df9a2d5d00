package io.codesynth.standalone;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What results-service stored about one job, read straight from its tables, and the rules its figures must
 * follow, worked out here independently: the ranking order and the unbiased pass@k estimator.
 */
final class ResultsTables {

    /** Every table that holds rows of a job, with the query that lists them in a stable order. */
    private static final Map<String, String> JOB_ROWS = new LinkedHashMap<>();

    static {
        JOB_ROWS.put("jobs", "SELECT * FROM results.jobs WHERE job_id = ?::uuid");
        JOB_ROWS.put("tasks", "SELECT * FROM results.tasks WHERE job_id = ?::uuid ORDER BY task_key");
        JOB_ROWS.put("candidates", "SELECT * FROM results.candidates WHERE job_id = ?::uuid ORDER BY candidate_id");
        JOB_ROWS.put("verdicts", "SELECT * FROM results.verdicts WHERE job_id = ?::uuid ORDER BY candidate_id");
        JOB_ROWS.put("candidate_batches", "SELECT * FROM results.candidate_batches WHERE job_id = ?::uuid ORDER BY task_key");
        JOB_ROWS.put("verification_reports",
                "SELECT * FROM results.verification_reports WHERE job_id = ?::uuid ORDER BY report_id");
        JOB_ROWS.put("task_failures", "SELECT * FROM results.task_failures WHERE job_id = ?::uuid ORDER BY task_key");
        JOB_ROWS.put("outbox", "SELECT * FROM results.outbox WHERE message_key = ? ORDER BY id");
    }

    /**
     * A candidate with its stored ranking and verdict.
     *
     * @param signature the behaviour signature as PostgreSQL prints the jsonb (normalised, so equal ones compare equal)
     */
    record StoredCandidate(String taskKey, String candidateId, int sampleIndex, double meanConfidence, Integer rank,
                           Integer clusterSize, String verdict, int testsPassed, int testsTotal, String signature,
                           String errorType) {

        boolean passed() {
            return "PASSED".equals(verdict);
        }

        double passedFraction() {
            return testsTotal == 0 ? 0 : (double) testsPassed / testsTotal;
        }

        /** Candidates that ran no test have no signature; they are told apart by how they failed. */
        String clusterKey() {
            return signature == null || signature.equals("[]") ? verdict + "/" + errorType : signature;
        }
    }

    private ResultsTables() {
    }

    /** Every row of the job in every table, each column as PostgreSQL prints it. */
    static Map<String, List<Map<String, String>>> snapshot(Connection db, UUID jobId) throws SQLException {
        Map<String, List<Map<String, String>>> tables = new LinkedHashMap<>();
        for (Map.Entry<String, String> table : JOB_ROWS.entrySet()) {
            try (PreparedStatement query = db.prepareStatement(table.getValue())) {
                query.setString(1, jobId.toString());
                try (ResultSet rows = query.executeQuery()) {
                    ResultSetMetaData columns = rows.getMetaData();
                    List<Map<String, String>> read = new ArrayList<>();
                    while (rows.next()) {
                        Map<String, String> row = new LinkedHashMap<>();
                        for (int i = 1; i <= columns.getColumnCount(); i++) {
                            row.put(columns.getColumnName(i), rows.getString(i));
                        }
                        read.add(row);
                    }
                    tables.put(table.getKey(), read);
                }
            }
        }
        return tables;
    }

    /** The job's candidates with their verdicts (verdict null where none is stored), by task and rank. */
    static List<StoredCandidate> candidates(Connection db, UUID jobId) throws SQLException {
        String sql = """
                SELECT c.task_key, c.candidate_id, c.sample_index, c.mean_confidence, c.rank, c.cluster_size,
                       v.verdict, v.tests_passed, v.tests_total, v.signature::text AS signature, v.error_type
                FROM results.candidates c LEFT JOIN results.verdicts v ON v.candidate_id = c.candidate_id
                WHERE c.job_id = ?::uuid
                ORDER BY c.task_key, c.rank, c.sample_index""";
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, jobId.toString());
            try (ResultSet rows = query.executeQuery()) {
                List<StoredCandidate> candidates = new ArrayList<>();
                while (rows.next()) {
                    candidates.add(new StoredCandidate(rows.getString("task_key"), rows.getString("candidate_id"),
                            rows.getInt("sample_index"), rows.getDouble("mean_confidence"),
                            (Integer) rows.getObject("rank"), (Integer) rows.getObject("cluster_size"),
                            rows.getString("verdict"), rows.getInt("tests_passed"), rows.getInt("tests_total"),
                            rows.getString("signature"), rows.getString("error_type")));
                }
                return candidates;
            }
        }
    }

    /** The candidates of each task, by task key. */
    static Map<String, List<StoredCandidate>> byTask(List<StoredCandidate> candidates) {
        return candidates.stream().collect(Collectors.groupingBy(StoredCandidate::taskKey, LinkedHashMap::new,
                Collectors.toList()));
    }

    /** How many candidates of the task share each one's behaviour, by candidate id. */
    static Map<String, Integer> clusterSizes(List<StoredCandidate> task) {
        Map<String, Long> perKey = task.stream().collect(Collectors.groupingBy(StoredCandidate::clusterKey,
                Collectors.counting()));
        return task.stream().collect(Collectors.toMap(StoredCandidate::candidateId,
                candidate -> perKey.get(candidate.clusterKey()).intValue()));
    }

    /**
     * The order the ranking rules give the task's candidates, best first: passed every test; share of tests
     * passed; size of the behaviour cluster; mean confidence; sample index.
     */
    static List<String> expectedOrder(List<StoredCandidate> task) {
        Map<String, Integer> clusters = clusterSizes(task);
        Function<StoredCandidate, Integer> cluster = candidate -> clusters.get(candidate.candidateId());
        return task.stream()
                .sorted(Comparator.comparing(StoredCandidate::passed).reversed()
                        .thenComparing(Comparator.comparingDouble(StoredCandidate::passedFraction).reversed())
                        .thenComparing(Comparator.comparing(cluster).reversed())
                        .thenComparing(Comparator.comparingDouble(StoredCandidate::meanConfidence).reversed())
                        .thenComparingInt(StoredCandidate::sampleIndex))
                .map(StoredCandidate::candidateId)
                .toList();
    }

    /** {@code 1 − C(n−c, k) / C(n, k)}, with exact binomials; for n ≥ k. */
    static double passAtK(int n, int c, int k) {
        BigDecimal allWrong = new BigDecimal(binomial(n - c, k)).divide(new BigDecimal(binomial(n, k)), MathContext.DECIMAL64);
        return BigDecimal.ONE.subtract(allWrong).doubleValue();
    }

    private static BigInteger binomial(int n, int k) {
        if (k > n) {
            return BigInteger.ZERO;
        }
        BigInteger result = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
            result = result.multiply(BigInteger.valueOf(n - k + i)).divide(BigInteger.valueOf(i));
        }
        return result;
    }
}

package io.codesynth.deployment;

import static io.codesynth.deployment.ComposeProject.at;
import static io.codesynth.deployment.ComposeProject.list;
import static io.codesynth.deployment.ComposeProject.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.json.JsonParserFactory;

/**
 * Prometheus and Grafana of docker-compose.yml: a scrape job for every service on its port and
 * /actuator/prometheus (workers found by DNS, whatever their count), Grafana provisioned with that Prometheus,
 * and dashboards that use only generic JVM/process metrics Micrometer exports.
 */
class ComposeMonitoringTest {

    /** The metrics the starter dashboard may use: Prometheus' own and Micrometer's JVM/process ones. */
    private static final Set<String> DASHBOARD_METRICS = Set.of("up", "process_cpu_usage", "jvm_memory_used_bytes");
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "avg", "min", "max", "count", "by", "without", "on",
            "ignoring", "group_left", "group_right", "rate", "irate", "increase", "topk", "bottomk", "and", "or", "unless",
            "offset", "bool", "avg_over_time", "max_over_time", "min_over_time", "label_values", "job", "instance", "area");

    private static final Map<String, Object> PROMETHEUS = ComposeProject.yaml(ComposeProject.PROMETHEUS_CONFIG);

    private static Map<String, Map<String, Object>> jobs() {
        Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
        for (Object job : list(PROMETHEUS.get("scrape_configs"))) {
            jobs.put(String.valueOf(map(job).get("job_name")), map(job));
        }
        return jobs;
    }

    @Test
    void prometheusScrapesEveryServiceOnItsPortAndActuatorPath() {
        Map<String, Map<String, Object>> jobs = jobs();
        Map<String, Map<String, Object>> services = ComposeProject.composeServices();
        for (String service : List.of("gateway-service", "results-service", "generation-worker", "generation-worker-gpu",
                "verification-worker")) {
            String module = service.replace("-gpu", "");
            int port = ComposeProject.serverPort(module);
            Map<String, Object> job = jobs.get(service);
            assertThat(job).as("a scrape job named %s", service).isNotNull();
            assertThat(job.get("metrics_path")).as(service).isEqualTo("/actuator/prometheus");
            if (ComposeProject.WORKERS.contains(service)) {
                List<Object> discovery = list(job.get("dns_sd_configs"));
                assertThat(discovery).as("%s: replicas are found by DNS", service).hasSize(1);
                Map<String, Object> dns = map(discovery.get(0));
                assertThat(dns.get("type")).isEqualTo("A");
                assertThat(dns.get("port")).as(service).isEqualTo(port);
                assertThat(list(dns.get("names"))).as(service).containsExactly(service);
                assertThat(job).as(service).doesNotContainKey("static_configs");
            } else {
                List<Object> targets = list(map(list(job.get("static_configs")).get(0)).get("targets"));
                assertThat(targets).as(service).containsExactly(service + ":" + port);
            }
        }
        for (String job : jobs.keySet()) {
            assertThat(job.equals("prometheus") || services.containsKey(job)).as("job %s is a compose service", job).isTrue();
        }
    }

    @Test
    void composeMountsThePrometheusConfigWherePrometheusReadsIt() {
        Map<String, Object> prometheus = ComposeProject.composeServices().get("prometheus");
        assertThat(list(prometheus.get("volumes"))).contains("./infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
        assertThat(list(prometheus.get("command"))).contains("--config.file=/etc/prometheus/prometheus.yml");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusOfTheComposeProject() {
        Map<String, Object> grafana = ComposeProject.composeServices().get("grafana");
        Map<String, String> mounts = mounts(grafana);
        Path datasources = ComposeProject.ROOT.resolve(key(mounts, "/etc/grafana/provisioning/datasources"));
        Path providers = ComposeProject.ROOT.resolve(key(mounts, "/etc/grafana/provisioning/dashboards"));

        List<Map<String, Object>> sources = new ArrayList<>();
        for (Path file : yamlFiles(datasources)) {
            list(ComposeProject.yaml(file).get("datasources")).forEach(d -> sources.add(map(d)));
        }
        assertThat(sources).hasSize(1);
        Map<String, Object> source = sources.get(0);
        assertThat(source).containsEntry("type", "prometheus").containsEntry("url", "http://prometheus:9090")
                .containsEntry("isDefault", true).containsKey("uid");

        List<Map<String, Object>> dashboardProviders = new ArrayList<>();
        for (Path file : yamlFiles(providers)) {
            list(ComposeProject.yaml(file).get("providers")).forEach(p -> dashboardProviders.add(map(p)));
        }
        assertThat(dashboardProviders).hasSize(1);
        String path = String.valueOf(at(dashboardProviders.get(0), "options.path"));
        assertThat(mounts).as("the provider's path is where compose mounts infra/grafana/dashboards").containsValue(path);
        assertThat(key(mounts, path)).isEqualTo("./infra/grafana/dashboards");
        assertThat(environmentPath(grafana)).as("the home dashboard is one of the mounted files")
                .startsWith(path + "/");
        Path home = ComposeProject.ROOT.resolve("infra/grafana/dashboards")
                .resolve(environmentPath(grafana).substring(path.length() + 1));
        assertThat(home).isRegularFile();
    }

    @Test
    void dashboardsUseOnlyTheProvisionedDatasourceAndGenericMetrics() throws Exception {
        String uid = String.valueOf(map(list(ComposeProject.yaml(ComposeProject.ROOT.resolve(
                "infra/grafana/provisioning/datasources/prometheus.yml")).get("datasources")).get(0)).get("uid"));
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(ComposeProject.ROOT.resolve("infra/grafana/dashboards"))) {
            dashboards = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).isNotEmpty();
        Set<String> uids = new LinkedHashSet<>();
        for (Path file : dashboards) {
            Map<String, Object> dashboard = JsonParserFactory.getJsonParser().parseMap(ComposeProject.read(file));
            assertThat(uids.add(String.valueOf(dashboard.get("uid")))).as("%s: a unique uid", file).isTrue();
            List<Object> panels = list(dashboard.get("panels"));
            assertThat(panels).as("%s has panels", file).isNotEmpty();
            List<String> expressions = new ArrayList<>();
            for (Object panel : panels) {
                assertThat(map(map(panel).get("datasource")).get("uid")).as("%s: panel datasource", file).isEqualTo(uid);
                for (Object target : list(map(panel).get("targets"))) {
                    assertThat(map(map(target).get("datasource")).get("uid")).as("%s: target datasource", file).isEqualTo(uid);
                    expressions.add(String.valueOf(map(target).get("expr")));
                }
            }
            for (Object variable : list(at(dashboard, "templating.list"))) {
                expressions.add(String.valueOf(map(variable).get("definition")));
            }
            for (String expression : expressions) {
                assertThat(metrics(expression)).as("%s: metrics of %s", file, expression).isNotEmpty()
                        .isSubsetOf(DASHBOARD_METRICS);
            }
        }
    }

    /** Metric names in a PromQL expression: identifiers outside label matchers, grouping clauses and strings. */
    static Set<String> metrics(String expression) {
        String text = expression.replaceAll("\"[^\"]*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "{}")
                .replaceAll("\\[[^\\]]*\\]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "")
                .replaceAll("\\$\\w+", "");
        Set<String> names = new LinkedHashSet<>();
        Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(text);
        while (word.find()) {
            if (!PROMQL_WORDS.contains(word.group())) {
                names.add(word.group());
            }
        }
        return names;
    }

    @Test
    void theMetricNameReaderFindsMetrics() {
        assertThat(metrics("sum by (job, instance) (jvm_memory_used_bytes{job=~\"$job\", area=\"heap\"})"))
                .containsExactly("jvm_memory_used_bytes");
        assertThat(metrics("rate(codesynth_generation_tokens_total[5m]) / up")).containsExactly("codesynth_generation_tokens_total", "up");
    }

    private static Map<String, String> mounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : list(service.get("volumes"))) {
            String[] parts = String.valueOf(volume).split(":");
            mounts.put(parts[0], parts[1]);
        }
        return mounts;
    }

    private static String key(Map<String, String> mounts, String target) {
        return mounts.entrySet().stream().filter(e -> e.getValue().equals(target)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("nothing is mounted at " + target));
    }

    private static String environmentPath(Map<String, Object> grafana) {
        return ComposeProject.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
    }

    private static List<Path> yamlFiles(Path dir) {
        assertThat(dir).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

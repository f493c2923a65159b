package dev.selfheal.job.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.selfheal.job.config.JobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files under deploy/ that nothing here can run (Kubernetes) or that CI runs only in
 * the end-to-end script (Prometheus, Grafana): they parse, name metrics the job really exports, and
 * the Kubernetes manifest keeps the local cluster's settings that matter.
 */
class DeployFilesTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String PREFIX = "flink_taskmanager_job_task_operator_selfheal_";
    /** Settings that must agree between the local cluster and Kubernetes. */
    private static final List<String> SHARED = List.of("state.backend.type", "execution.checkpointing.incremental",
            "execution.checkpointing.externalized-checkpoint-retention", "classloader.parent-first-patterns.additional",
            "metrics.reporter.prom.factory.class", "taskmanager.numberOfTaskSlots", "env.java.opts.taskmanager");

    @TempDir
    Path tmp;

    @Test
    void kubernetesManifestParsesAndMatchesTheLocalCluster() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
                .readValues(Files.readString(DEPLOY.resolve("k8s/selfheal.yaml")))) {
            it.forEachRemaining(d -> {
                if (d != null && !d.isMissingNode() && !d.isNull()) {
                    docs.add(d);
                }
            });
        }
        JsonNode deployment = docs.stream().filter(d -> d.path("kind").asText().equals("FlinkDeployment"))
                .findFirst().orElseThrow();
        assertThat(deployment.path("apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
        JsonNode job = deployment.path("spec").path("job");
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(job.path("jarURI").asText()).endsWith("/selfheal-job.jar");
        // The entry class is the jar's own main class, and the arguments a `run` of the configuration the
        // ConfigMap mounts (a typo in either would only show when the pod starts).
        assertThat(job.path("entryClass").asText()).isEqualTo(dev.selfheal.job.cli.Main.class.getName());
        String mount = deployment.findValues("volumeMounts").stream().flatMap(m -> toList(m).stream())
                .filter(m -> m.path("name").asText().equals("job-config")).map(m -> m.path("mountPath").asText())
                .findFirst().orElseThrow();
        assertThat(job.path("args")).extracting(JsonNode::asText).containsExactly("run", "--config",
                mount + "/job.yaml");

        JsonNode k8s = deployment.path("spec").path("flinkConfiguration");
        // State on shared object storage, as on a real cluster: a pod's disk dies with the pod.
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir",
                "high-availability.storageDir")) {
            assertThat(k8s.path(key).asText()).as(key).startsWith("s3://");
        }
        // The S3 plugin of the image's own Flink version is enabled in every pod.
        List<String> plugins = deployment.findValues("env").stream().flatMap(e -> toList(e).stream())
                .filter(e -> e.path("name").asText().equals("ENABLE_BUILT_IN_PLUGINS"))
                .map(e -> e.path("value").asText()).toList();
        assertThat(plugins).containsExactly("flink-s3-fs-presto-"
                + org.apache.flink.runtime.util.EnvironmentInformation.getVersion() + ".jar");
        JsonNode local = localClusterConfig();
        for (String key : SHARED) {
            assertThat(k8s.path(key).asText()).as(key).isNotEmpty().isEqualTo(local.path(key).asText());
        }
        assertThat(k8s.path("env.java.opts.all").asText()).contains("-Dai.djl.offline=true");

        // The job configuration it mounts is a valid `run` configuration.
        JsonNode configMap = docs.stream().filter(d -> d.path("kind").asText().equals("ConfigMap")).findFirst()
                .orElseThrow();
        Path jobYaml = tmp.resolve("job.yaml");
        Files.writeString(jobYaml, configMap.path("data").path("job.yaml").asText());
        assertThat(JobConfig.load(jobYaml).get(dev.selfheal.job.config.KafkaSettings.SCORED_TOPIC)).isEqualTo("scored");
    }

    @Test
    void theExampleJobConfigurationIsARunConfigurationForTheReadmesModel() {
        JobConfig c = JobConfig.load(DEPLOY.resolve("local/job.example.yaml"));
        // `train --out model` in the README's deploy steps writes this directory.
        assertThat(c.get(dev.selfheal.job.config.InputSettings.MODEL_DIR)).isEqualTo("model");
        assertThat(c.get(dev.selfheal.job.config.InputSettings.TRANSACTIONS)).startsWith("generator:");
        assertThat(c.get(dev.selfheal.job.config.OutputSettings.DIR)).isNotBlank().doesNotStartWith("/");
    }

    @Test
    void theLocalClusterKeepsCheckpointsAndSavepointsInItsOwnDirectory() throws Exception {
        JsonNode local = localClusterConfig();
        assertThat(local.path("execution.checkpointing.savepoint-dir").asText()).isEqualTo("file:///c/savepoints");
        assertThat(local.path("execution.checkpointing.dir").asText()).isEqualTo("file:///c/checkpoints");
    }

    /** The cluster's config.yaml as cluster.sh writes it, with the cluster directory at /c. */
    private static JsonNode localClusterConfig() throws Exception {
        return YAML.readTree(Files.readString(DEPLOY.resolve("local/conf/config.yaml"))
                .replace("@CLUSTER_DIR@", "/c").replace("@REST_PORT@", "8081").replace("@RPC_PORT@", "6123")
                .replace("@PROM_PORTS@", "9249-9260"));
    }

    @Test
    void alertRulesAndDashboardUseOnlyMetricsTheJobExports() throws Exception {
        Set<String> exported = exportedMetrics();
        assertThat(exported).contains("drift_zscore", "model_version", "heals", "rollbacks", "rejected_updates",
                "adapter_propagation_lag_ms");

        JsonNode alerts = YAML.readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
        List<String> names = new ArrayList<>();
        List<String> expressions = new ArrayList<>();
        alerts.path("groups").forEach(g -> g.path("rules").forEach(r -> {
            names.add(r.path("alert").asText());
            expressions.add(r.path("expr").asText());
        }));
        assertThat(names).contains("SelfhealDriftAlarm", "SelfhealRollbackHappened", "SelfhealRejectedUpdateSpike",
                "SelfhealPropagationLag", "SelfhealConceptChange");
        JsonNode scrape = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
        assertThat(scrape.path("rule_files").get(0).asText()).isEqualTo("alerts.yml");

        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana/selfheal-dashboard.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
        dashboard.path("panels").forEach(p -> p.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));

        for (String expr : expressions) {
            Matcher m = Pattern.compile(PREFIX + "([a-z0-9_]+)").matcher(expr);
            assertThat(m.find()).as("a selfheal metric in " + expr).isTrue();
            do {
                assertThat(exported).as("metric in " + expr).contains(m.group(1));
            } while (m.find());
        }
    }

    /** Names registered on the "selfheal" metric groups, read from the job's sources. */
    private static Set<String> exportedMetrics() throws Exception {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("\\.(?:counter|gauge)\\(\"([a-z0-9_]+)\"");
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(x -> x.toString().endsWith(".java")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}

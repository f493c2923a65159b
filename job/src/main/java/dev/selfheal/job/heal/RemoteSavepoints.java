package dev.selfheal.job.heal;

import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.plugin.PluginUtils;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Savepoints and checkpoints on shared storage ({@code s3://BUCKET/...}), found the way a Flink
 * cluster finds them: through the file system plugins in {@code $FLINK_PLUGINS_DIR} (for S3,
 * {@code flink-s3-fs-presto} or {@code -hadoop}), configured by the {@code s3.*} keys of
 * {@code $FLINK_CONF_DIR/config.yaml} (endpoint, credentials, path-style access).
 */
final class RemoteSavepoints {
    private static final String METADATA = "_metadata";
    private static final String AWS_NOTICE = "aws.java.v1.disableDeprecationAnnouncement";
    private static boolean initialized;

    private RemoteSavepoints() {}

    /** True for a URI with a scheme other than {@code file:} (a local path or file: URI is read directly). */
    static boolean isRemote(String location) {
        int colon = location.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        String scheme = location.substring(0, colon);
        return scheme.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.')
                && !scheme.equalsIgnoreCase("file");
    }

    /**
     * The savepoint or checkpoint directory {@code location} names: itself, the directory of a
     * {@code _metadata} file, or the newest complete {@code chk-N} up to two levels below it
     * ({@code checkpoints/JOB_ID/chk-N}).
     *
     * @throws IllegalArgumentException with one line when no plugin serves the scheme or nothing is there
     */
    static String locate(String location) throws IOException {
        URI uri = URI.create(location);
        FileSystem fs = fileSystem(uri);
        Path p = new Path(uri);
        if (p.getName().equals(METADATA) && fs.exists(p)) {
            return p.getParent().toString();
        }
        if (fs.exists(new Path(p, METADATA))) {
            return p.toString();
        }
        if (!fs.exists(p)) {
            throw new IllegalArgumentException("savepoint not found: " + location);
        }
        List<FileStatus> found = new ArrayList<>();
        collectCheckpoints(fs, p, 2, found);
        Optional<FileStatus> newest = found.stream().max(Comparator.comparingLong(FileStatus::getModificationTime)
                .thenComparingLong(f -> checkpointNumber(f.getPath().getParent().getName())));
        return newest.map(f -> f.getPath().getParent().toString()).orElseThrow(() -> new IllegalArgumentException(
                location + " holds no savepoint or checkpoint (no " + METADATA + " file)"));
    }

    /** The {@code _metadata} files of the {@code chk-N} directories at most {@code depth} levels below {@code dir}. */
    private static void collectCheckpoints(FileSystem fs, Path dir, int depth, List<FileStatus> out) throws IOException {
        FileStatus[] children = fs.listStatus(dir);
        if (children == null) {
            return;
        }
        for (FileStatus child : children) {
            if (!child.isDir()) {
                continue;
            }
            if (child.getPath().getName().startsWith("chk-")) {
                Path metadata = new Path(child.getPath(), METADATA);
                if (fs.exists(metadata)) {
                    out.add(fs.getFileStatus(metadata));
                }
            } else if (depth > 1) {
                collectCheckpoints(fs, child.getPath(), depth - 1, out);
            }
        }
    }

    private static long checkpointNumber(String name) {
        try {
            return Long.parseLong(name.substring(4));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The file system for the URI's scheme, with Flink's plugins loaded and configured once per JVM. */
    static synchronized FileSystem fileSystem(URI uri) throws IOException {
        if (!initialized) {
            // The S3 plugin's AWS SDK 1.x otherwise prints a deprecation notice with a stack trace.
            if (System.getProperty(AWS_NOTICE) == null) {
                System.setProperty(AWS_NOTICE, "true");
            }
            Configuration conf = clusterConfiguration();
            FileSystem.initialize(conf, PluginUtils.createPluginManagerFromRootFolder(conf));
            initialized = true;
        }
        try {
            return FileSystem.get(uri);
        } catch (UnsupportedFileSystemSchemeException e) {
            throw new IllegalArgumentException("no file system for " + uri.getScheme() + "://: put Flink's "
                    + "flink-s3-fs-presto plugin under $" + ConfigConstants.ENV_FLINK_PLUGINS_DIR
                    + "/s3-fs-presto/ and the store's s3.* keys in $" + ConfigConstants.ENV_FLINK_CONF_DIR
                    + "/config.yaml (" + pluginsDirNote() + ")", e);
        }
    }

    /** The cluster's config.yaml when $FLINK_CONF_DIR names one (as the Flink CLI reads it), else nothing. */
    private static Configuration clusterConfiguration() {
        String dir = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        if (dir == null || dir.isBlank()) {
            return new Configuration();
        }
        return GlobalConfiguration.loadConfiguration(dir);
    }

    private static String pluginsDirNote() {
        String plugins = System.getenv(ConfigConstants.ENV_FLINK_PLUGINS_DIR);
        String conf = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        return "now " + ConfigConstants.ENV_FLINK_PLUGINS_DIR + "=" + (plugins == null ? "unset" : plugins) + ", "
                + ConfigConstants.ENV_FLINK_CONF_DIR + "=" + (conf == null ? "unset" : conf);
    }
}

package dispel4ts.storm;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.Permission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.storm.Config;
import org.apache.storm.LocalCluster;
import org.apache.storm.StormSubmitter;
import org.apache.storm.generated.KillOptions;
import org.apache.storm.generated.StormTopology;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.topology.BoltDeclarer;
import org.apache.storm.topology.TopologyBuilder;
import org.apache.storm.utils.NimbusClient;
import org.apache.storm.utils.Utils;

/**
 * The Java side of the storm target. It reads commands as JSON lines on stdin and answers with
 * JSON lines on stdout (the only thing written there; Storm's own output goes to its log):
 *
 * <pre>
 * in:  {"t":"submit","run":NAME,"command":[...],"env":{...},"conf":{...},
 *       "components":[{"id":ID,"spout":BOOL,"parallelism":N,"inputs":[ID,...]}]}
 *      {"t":"kill","run":NAME}
 * out: {"t":"started"}  {"t":"submitted","run":NAME}  {"t":"killed","run":NAME}
 *      {"t":"failed","run":NAME,"component":ID,"index":K,"task":T,"reason":TEXT}   a task failed
 *      {"t":"error","run":NAME,"reason":TEXT}                              a command failed
 * </pre>
 *
 * A failed task ends its run at once. When stdin closes, the launcher kills what still runs and
 * halts: closing a LocalCluster takes seconds, and the Deno tasks end when their stdin closes.
 * Arguments: none for a LocalCluster in this process, or {@code --nimbus HOST} to submit to a cluster.
 */
public final class Launcher {
    private static PrintStream protocol;
    private static final Set<String> active = ConcurrentHashMap.newKeySet();
    private static Cluster cluster;
    private static volatile boolean exiting = false;

    private Launcher() {}

    private interface Cluster {
        void submit(String run, Map<String, Object> conf, StormTopology topology) throws Exception;

        void kill(String run) throws Exception;
    }

    private static final class Local implements Cluster {
        private final LocalCluster local;

        Local() throws Exception {
            Map<String, Object> daemon = new HashMap<>();
            // rocksdbjni is left out of the build; metrics are not needed for a run.
            daemon.put("storm.metricstore.class", "org.apache.storm.metricstore.NoOpMetricStore");
            // Runs start and end sooner when the supervisor looks more often and does not sleep
            // before ending a worker; a slot per run in flight spares a run the wait for the last
            // one's worker to go.
            daemon.put("supervisor.monitor.frequency.secs", 1);
            daemon.put("supervisor.worker.shutdown.sleep.secs", 0);
            local = new LocalCluster.Builder().withSupervisors(1).withPortsPerSupervisor(4).withDaemonConf(daemon)
                .build();
        }

        @Override
        public void submit(String run, Map<String, Object> conf, StormTopology topology) throws Exception {
            local.submitTopology(run, conf, topology);
        }

        @Override
        public void kill(String run) throws Exception {
            KillOptions now = new KillOptions();
            now.set_wait_secs(0);
            local.killTopologyWithOpts(run, now);
        }
    }

    private static final class Remote implements Cluster {
        private final Map<String, Object> conf;

        Remote(String nimbus) {
            conf = Utils.readStormConfig();
            conf.put(Config.NIMBUS_SEEDS, List.of(nimbus));
            // StormSubmitter uploads the jar this class came from: it holds the Deno components.
            System.setProperty("storm.jar",
                Launcher.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        }

        @Override
        public void submit(String run, Map<String, Object> topoConf, StormTopology topology) throws Exception {
            Map<String, Object> all = new HashMap<>(conf);
            all.putAll(topoConf);
            StormSubmitter.submitTopology(run, all, topology);
        }

        @Override
        public void kill(String run) throws Exception {
            KillOptions now = new KillOptions();
            now.set_wait_secs(0);
            try (NimbusClient client = NimbusClient.Builder.withConf(conf).build()) {
                client.getClient().killTopologyWithOpts(run, now);
            }
        }
    }

    static synchronized void send(Map<String, Object> message) {
        if (protocol == null) return;
        protocol.println(JSONValue.toJSONString(message));
        protocol.flush();
    }

    /** A task of a run failed: the first failure is reported and ends the run. */
    static void failed(String run, String component, int index, int task, String reason) {
        if (protocol == null || !active.remove(run)) return;
        send(Map.of("t", "failed", "run", run, "component", component, "index", index, "task", task,
            "reason", reason));
        Thread killer = new Thread(() -> {
            try {
                cluster.kill(run);
            } catch (Exception e) {
                // Already gone, or the launcher is closing.
            }
        });
        killer.setDaemon(true);
        killer.start();
    }

    @SuppressWarnings("unchecked")
    private static StormTopology topology(JSONObject m) {
        String[] command = ((List<String>) m.get("command")).toArray(new String[0]);
        Map<String, String> env = new HashMap<>((Map<String, String>) m.get("env"));
        TopologyBuilder builder = new TopologyBuilder();
        for (Object o : (List<Object>) m.get("components")) {
            JSONObject c = (JSONObject) o;
            String id = (String) c.get("id");
            int n = ((Number) c.get("parallelism")).intValue();
            if (Boolean.TRUE.equals(c.get("spout"))) {
                builder.setSpout(id, new DenoSpout(command, env), n);
            } else {
                BoltDeclarer bolt = builder.setBolt(id, new DenoBolt(command, env), n);
                for (Object input : (List<Object>) c.get("inputs")) bolt.directGrouping((String) input, Failures.STREAM);
            }
        }
        return builder.createTopology();
    }

    private static void handle(JSONObject m) throws Exception {
        String run = (String) m.get("run");
        switch ((String) m.get("t")) {
            case "submit":
                @SuppressWarnings("unchecked")
                Map<String, Object> conf = new HashMap<>((Map<String, Object>) m.get("conf"));
                conf.put(Config.TOPOLOGY_MULTILANG_SERIALIZER, DirectJsonSerializer.class.getName());
                active.add(run);
                cluster.submit(run, conf, topology(m));
                send(Map.of("t", "submitted", "run", run));
                break;
            case "kill":
                if (active.remove(run)) cluster.kill(run);
                send(Map.of("t", "killed", "run", run));
                break;
            default:
                throw new IllegalArgumentException("unknown command " + m.get("t"));
        }
    }

    public static void main(String[] args) throws Exception {
        protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Whatever else prints goes to stderr, which the Deno side keeps off the terminal.
        System.setOut(System.err);
        // Storm ends the whole JVM when a component process dies ("Worker died", ShellSpout's
        // System.exit): here that would end every run of the cluster. The failure is reported
        // and the run killed instead; only the launcher itself exits.
        // (Java 17 to 23 allow it; on a Java without it, such a death ends the launcher and its runs.)
        try {
            System.setSecurityManager(new SecurityManager() {
                @Override
                public void checkPermission(Permission permission) {}

                @Override
                public void checkPermission(Permission permission, Object context) {}

                @Override
                public void checkExit(int status) {
                    if (!exiting) throw new SecurityException("Storm tried to end the launcher (exit " + status + ")");
                }
            });
        } catch (UnsupportedOperationException e) {
            System.err.println("no guard against System.exit: " + e.getMessage());
        }
        try {
            cluster = args.length == 2 && args[0].equals("--nimbus") ? new Remote(args[1]) : new Local();
        } catch (Exception e) {
            send(Map.of("t", "error", "run", "", "reason", "Storm did not start: " + Failures.describe(e)));
            exiting = true;
            Runtime.getRuntime().halt(1);
        }
        send(Map.of("t", "started"));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isBlank()) continue;
            JSONObject m = (JSONObject) JSONValue.parse(line);
            try {
                handle(m);
            } catch (Exception e) {
                active.remove((String) m.get("run"));
                send(Map.of("t", "error", "run", String.valueOf(m.get("run")), "reason", Failures.describe(e)));
            }
        }
        for (String run : active) {
            try {
                cluster.kill(run);
            } catch (Exception e) {
                // Ending anyway.
            }
        }
        // A task process that hangs would not notice the launcher's end.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        exiting = true;
        Runtime.getRuntime().halt(0);
    }
}

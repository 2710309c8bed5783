package dispel4ts.storm;

import java.util.Map;
import org.apache.storm.Config;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.OutputFieldsDeclarer;
import org.apache.storm.tuple.Fields;

/** What the Deno components share: their one output stream, and how their failures reach the launcher. */
final class Failures {
    /** Payloads travel on one direct stream, a field of opaque text that only Deno decodes. */
    static final String STREAM = "d";

    private Failures() {}

    static void declare(OutputFieldsDeclarer declarer) {
        declarer.declareStream(STREAM, true, new Fields("p"));
    }

    /** A task's way to report that it failed: its run, component and instance index. */
    static final class Watch {
        private final String run;
        private final String component;
        private final int index;
        private final int task;

        Watch(String run, String component, int index, int task) {
            this.run = run;
            this.component = component;
            this.index = index;
            this.task = task;
        }

        void failed(Throwable error) {
            Launcher.failed(run, component, index, task, describe(error));
        }
    }

    static Watch watch(Map<String, Object> conf, TopologyContext context) {
        return new Watch((String) conf.get(Config.TOPOLOGY_NAME), context.getThisComponentId(),
            context.getThisTaskIndex(), context.getThisTaskId());
    }

    /** The messages of an error and its causes, first lines only, without repeats. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable e = error; e != null && e.getCause() != e; e = e.getCause()) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0].trim();
            if (!m.isEmpty() && text.indexOf(m) < 0) text.append(text.length() == 0 ? "" : ": ").append(m);
        }
        return text.toString();
    }
}

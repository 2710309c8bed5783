package dispel4ts.storm;

import java.util.Map;
import org.apache.storm.task.OutputCollector;
import org.apache.storm.task.ShellBolt;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichBolt;
import org.apache.storm.topology.OutputFieldsDeclarer;

/**
 * A PE's instances as shell bolts: each task runs `deno ... mod.ts storm-task`. Every error the
 * bolt reports is a failure of the run (the Deno task reports PE errors on its own channel, so
 * anything here means its process died, hung or could not start): without this, stock Storm
 * keeps a dead bolt's executor alive in local mode, logging "ShellBolt died" in a tight loop.
 */
public class DenoBolt extends ShellBolt implements IRichBolt {
    private static final long serialVersionUID = 1L;

    public DenoBolt(String[] command, Map<String, String> env) {
        super(command);
        changeChildCWD(false);
        setEnv(env);
    }

    @Override
    public void prepare(Map<String, Object> conf, TopologyContext context, OutputCollector collector) {
        Failures.Watch watch = Failures.watch(conf, context);
        try {
            super.prepare(conf, context, new OutputCollector(collector) {
                @Override
                public void reportError(Throwable error) {
                    watch.failed(error);
                    super.reportError(error);
                }
            });
        } catch (RuntimeException e) {
            watch.failed(e);
            throw e;
        }
    }

    @Override
    public void declareOutputFields(OutputFieldsDeclarer declarer) {
        Failures.declare(declarer);
    }

    @Override
    public Map<String, Object> getComponentConfiguration() {
        return null;
    }
}

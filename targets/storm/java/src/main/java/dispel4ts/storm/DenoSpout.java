package dispel4ts.storm;

import java.util.Map;
import org.apache.storm.spout.ShellSpout;
import org.apache.storm.spout.SpoutOutputCollector;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.topology.IRichSpout;
import org.apache.storm.topology.OutputFieldsDeclarer;

/** A root PE's instances as shell spouts; errors fail the run as in {@link DenoBolt}. */
public class DenoSpout extends ShellSpout implements IRichSpout {
    private static final long serialVersionUID = 1L;

    public DenoSpout(String[] command, Map<String, String> env) {
        super(command);
        changeChildCWD(false);
        setEnv(env);
    }

    @Override
    public void open(Map<String, Object> conf, TopologyContext context, SpoutOutputCollector collector) {
        Failures.Watch watch = Failures.watch(conf, context);
        try {
            super.open(conf, context, new SpoutOutputCollector(collector) {
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

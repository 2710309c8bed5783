/*
 * Storm's JSON multilang serializer (org.apache.storm.multilang.JsonSerializer, Apache License 2.0),
 * with one fix: stock Storm (2.8.3, 2.8.4) casts an emit's "task" to Long, but small numbers
 * parse as Integer, so every direct emit from a shell component threw ClassCastException and
 * killed the worker. This one reads "task" as any Number. The wire format is unchanged.
 */
package dispel4ts.storm;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.storm.multilang.BoltMsg;
import org.apache.storm.multilang.ISerializer;
import org.apache.storm.multilang.NoOutputException;
import org.apache.storm.multilang.ShellMsg;
import org.apache.storm.multilang.SpoutMsg;
import org.apache.storm.shade.net.minidev.json.JSONObject;
import org.apache.storm.shade.net.minidev.json.JSONValue;
import org.apache.storm.shade.net.minidev.json.parser.ParseException;
import org.apache.storm.task.TopologyContext;
import org.apache.storm.utils.Utils;

public class DirectJsonSerializer implements ISerializer {
    private static final long serialVersionUID = 1L;
    private transient BufferedWriter processIn;
    private transient BufferedReader processOut;

    @Override
    public void initialize(OutputStream processIn, InputStream processOut) {
        this.processIn = new BufferedWriter(new OutputStreamWriter(processIn, StandardCharsets.UTF_8), 1 << 16);
        this.processOut = new BufferedReader(new InputStreamReader(processOut, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public Number connect(Map<String, Object> conf, TopologyContext context) throws IOException, NoOutputException {
        JSONObject setupInfo = new JSONObject();
        setupInfo.put("pidDir", context.getPIDDir());
        setupInfo.put("conf", conf);
        setupInfo.put("context", context);
        writeMessage(setupInfo);
        return (Number) ((JSONObject) readMessage()).get("pid");
    }

    @Override
    public void writeBoltMsg(BoltMsg boltMsg) throws IOException {
        JSONObject obj = new JSONObject();
        obj.put("id", boltMsg.getId());
        obj.put("comp", boltMsg.getComp());
        obj.put("stream", boltMsg.getStream());
        obj.put("task", boltMsg.getTask());
        obj.put("tuple", boltMsg.getTuple());
        writeMessage(obj);
    }

    @Override
    public void writeSpoutMsg(SpoutMsg msg) throws IOException {
        JSONObject obj = new JSONObject();
        obj.put("command", msg.getCommand());
        obj.put("id", msg.getId());
        writeMessage(obj);
    }

    @Override
    public void writeTaskIds(List<Integer> taskIds) throws IOException {
        writeMessage(taskIds);
    }

    private void writeMessage(Object msg) throws IOException {
        processIn.write(JSONValue.toJSONString(msg));
        processIn.write("\nend\n");
        processIn.flush();
    }

    @Override
    @SuppressWarnings("unchecked")
    public ShellMsg readShellMsg() throws IOException, NoOutputException {
        JSONObject msg = (JSONObject) readMessage();
        ShellMsg shellMsg = new ShellMsg();
        String command = (String) msg.get("command");
        shellMsg.setCommand(command);
        shellMsg.setId(msg.get("id"));
        shellMsg.setMsg((String) msg.get("msg"));
        String stream = (String) msg.get("stream");
        shellMsg.setStream(stream == null ? Utils.DEFAULT_STREAM_ID : stream);
        Object task = msg.get("task");
        shellMsg.setTask(task instanceof Number ? ((Number) task).longValue() : 0);
        Object needTaskIds = msg.get("need_task_ids");
        shellMsg.setNeedTaskIds(needTaskIds == null || (Boolean) needTaskIds);
        shellMsg.setTuple((List<Object>) msg.get("tuple"));
        Object anchors = msg.get("anchors");
        if (anchors != null) {
            for (Object o : anchors instanceof String ? Arrays.asList(anchors) : (List<Object>) anchors) {
                shellMsg.addAnchor((String) o);
            }
        }
        Object name = msg.get("name");
        shellMsg.setMetricName(name instanceof String ? (String) name : null);
        shellMsg.setMetricParams(msg.get("params"));
        if ("log".equals(command) && msg.get("level") instanceof Number) {
            shellMsg.setLogLevel(((Number) msg.get("level")).intValue());
        }
        return shellMsg;
    }

    private Object readMessage() throws IOException, NoOutputException {
        try {
            return JSONValue.parseWithException(readString());
        } catch (ParseException e) {
            throw new IOException(e);
        }
    }

    private String readString() throws IOException, NoOutputException {
        StringBuilder text = new StringBuilder();
        while (true) {
            String line = processOut.readLine();
            if (line == null) {
                throw new NoOutputException("Pipe to subprocess seems to be broken! "
                    + (text.length() == 0 ? "No output read." : "Currently read output: " + text));
            }
            if (line.equals("end")) return text.toString();
            if (text.length() != 0) text.append('\n');
            text.append(line);
        }
    }
}

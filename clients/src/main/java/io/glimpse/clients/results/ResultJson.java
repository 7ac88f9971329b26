package io.glimpse.clients.results;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.InputMapping;
import io.glimpse.schemas.avro.Label;
import io.glimpse.schemas.avro.StageKeep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A {@link FrameResult} as one JSON object, flat where a script wants it: the top label and the latency
 * at the top level, kept-token counts per stage (the ids only on request: a few hundred numbers a frame).
 */
public final class ResultJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ResultJson() {}

    /**
     * Converts a result.
     *
     * @param r the result
     * @param keptIds whether to include each stage's kept patch ids
     * @return the JSON object
     */
    public static ObjectNode of(FrameResult r, boolean keptIds) {
        ObjectNode o = MAPPER.createObjectNode();
        long capture = r.getCaptureTime().toEpochMilli();
        long result = r.getResultTime().toEpochMilli();
        o.put("streamId", r.getStreamId().toString());
        o.put("sequence", r.getSequence());
        o.put("captureTime", capture);
        o.put("resultTime", result);
        o.put("latencyMs", result - capture);
        Label top = r.getLabels().isEmpty() ? null : r.getLabels().get(0);
        o.put("label", top == null ? null : top.getName().toString());
        if (top == null) {
            o.putNull("probability");
        } else {
            o.put("probability", top.getProbability());
        }
        ArrayNode labels = o.putArray("labels");
        for (Label l : r.getLabels()) {
            labels.addObject().put("classIndex", l.getClassIndex()).put("name", l.getName().toString())
                    .put("probability", l.getProbability());
        }
        o.put("keepRatio", r.getKeepRatio());
        o.put("modelVersion", r.getModelVersion().toString());
        o.putObject("patchGrid").put("rows", r.getPatchGrid().getRows()).put("cols", r.getPatchGrid().getCols())
                .put("patchSize", r.getPatchGrid().getPatchSize());
        ArrayNode kept = o.putArray("kept");
        for (StageKeep s : r.getKeptTokens()) {
            ObjectNode stage = kept.addObject().put("stage", s.getStage()).put("count", s.getPatchIds().size());
            if (keptIds) {
                ArrayNode ids = stage.putArray("patchIds");
                s.getPatchIds().forEach(ids::add);
            }
        }
        o.putObject("timings").put("queuedMicros", r.getTimings().getQueuedMicros())
                .put("inferenceMicros", r.getTimings().getInferenceMicros())
                .put("endToEndMicros", r.getTimings().getEndToEndMicros());
        InputMapping m = r.getInputMapping();
        if (m != null) {
            o.putObject("inputMapping").put("frameWidth", m.getFrameWidth()).put("frameHeight", m.getFrameHeight())
                    .put("sourceX", m.getSourceX()).put("sourceY", m.getSourceY())
                    .put("sourceWidth", m.getSourceWidth()).put("sourceHeight", m.getSourceHeight())
                    .put("inputX", m.getInputX()).put("inputY", m.getInputY())
                    .put("inputWidth", m.getInputWidth()).put("inputHeight", m.getInputHeight());
        }
        return o;
    }

    /**
     * Converts a result to one line of JSON.
     *
     * @param r the result
     * @param keptIds whether to include each stage's kept patch ids
     * @return the line, without a newline
     */
    public static String line(FrameResult r, boolean keptIds) {
        return of(r, keptIds).toString();
    }
}

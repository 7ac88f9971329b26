package io.glimpse.schemas;

import io.glimpse.schemas.avro.FrameResult;
import io.glimpse.schemas.avro.ModelChunk;
import io.glimpse.schemas.avro.ModelManifest;
import io.glimpse.schemas.avro.ModelStatusEvent;
import io.glimpse.schemas.avro.VideoFrame;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The top-level records Glimpse puts on Kafka topics, in one list, so that tools and tests can treat
 * every schema alike (register them, check their evolution) without a list of their own that could miss
 * one.
 */
public final class GlimpseSchemas {

    private GlimpseSchemas() {}

    /** The schemas of VideoFrame, FrameResult, ModelManifest, ModelChunk and ModelStatusEvent, in that order. */
    public static List<Schema> all() {
        return List.of(VideoFrame.getClassSchema(), FrameResult.getClassSchema(),
                ModelManifest.getClassSchema(), ModelChunk.getClassSchema(), ModelStatusEvent.getClassSchema());
    }
}

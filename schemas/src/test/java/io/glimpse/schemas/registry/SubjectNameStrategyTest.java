package io.glimpse.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.glimpse.schemas.avro.VideoFrame;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    @Test
    void shouldNameSubjectsAsConfluentsSerdesDo() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subjectName("frames", false, VideoFrame.getClassSchema()))
                .isEqualTo("frames-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subjectName("frames", true, VideoFrame.getClassSchema()))
                .isEqualTo("frames-key");
        assertThat(SubjectNameStrategy.RECORD_NAME.subjectName("frames", false, VideoFrame.getClassSchema()))
                .isEqualTo("io.glimpse.schemas.avro.VideoFrame");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subjectName("frames", false, VideoFrame.getClassSchema()))
                .isEqualTo("frames-io.glimpse.schemas.avro.VideoFrame");
    }

    @Test
    void shouldAcceptConfluentClassNamesAndShortNames() {
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.RecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.parse("topic-name")).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
        assertThat(SubjectNameStrategy.parse("RECORD_NAME")).isEqualTo(SubjectNameStrategy.RECORD_NAME);
        assertThatThrownBy(() -> SubjectNameStrategy.parse("by-colour")).isInstanceOf(IllegalArgumentException.class);
    }
}

/** DynamicViT on DJL: the configuration, the model block, keep schedules, token selection and the inference API. Knows nothing of Kafka or Avro. */
package io.glimpse.model;

package io.glimpse.trainer.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.glimpse.model.DynamicVit;
import io.glimpse.model.io.Safetensors;
import io.glimpse.model.io.StateDict;
import io.glimpse.trainer.optim.AdamW;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * A resumable snapshot of a run in one directory: {@code model-<step>.safetensors} (official
 * names), {@code optimizer-<step>.safetensors} (AdamW moments), {@code average-<step>.safetensors}
 * when the run keeps a {@link WeightAverage}, and {@code checkpoint.json} (the {@link
 * TrainingState} and the configuration), which names the tensor files.
 *
 * <p>Writing is crash-safe: the tensor files are written (each atomically) before {@code
 * checkpoint.json} is atomically replaced, and older tensor files are deleted only after that, so
 * whenever the process dies the directory holds one complete checkpoint.
 */
public final class Checkpoint {

    /** The file that names the current checkpoint. */
    public static final String INDEX = "checkpoint.json";

    private static final String AVERAGE = "average";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path directory;

    /**
     * Creates a checkpoint location.
     *
     * @param directory the directory (created on first save)
     */
    public Checkpoint(Path directory) {
        this.directory = directory;
    }

    public Path getDirectory() {
        return directory;
    }

    /**
     * Tells whether a complete checkpoint exists.
     *
     * @return true if {@code checkpoint.json} exists
     */
    public boolean exists() {
        return Files.isRegularFile(directory.resolve(INDEX));
    }

    /**
     * Saves model, optimizer, weight average and state.
     *
     * @param model the model being trained
     * @param optimizer its optimizer
     * @param average the run's weight average, or {@code null} if it keeps none
     * @param state where the run stands
     * @param config the run's configuration, recorded for reference
     * @throws IOException if a file cannot be written
     */
    public void save(DynamicVit model, AdamW optimizer, WeightAverage average, TrainingState state,
            TrainingConfig config)
            throws IOException {
        Files.createDirectories(directory);
        Optional<ObjectNode> previous = exists() ? Optional.of(readIndex()) : Optional.empty();
        String weights = "model-" + state.step() + ".safetensors";
        String moments = "optimizer-" + state.step() + ".safetensors";
        model.save(directory.resolve(weights));
        Safetensors.write(optimizer.stateTensors(), directory.resolve(moments));
        ObjectNode index = MAPPER.createObjectNode();
        index.put("weights", weights);
        index.put("optimizer", moments);
        if (average != null) {
            String averaged = "average-" + state.step() + ".safetensors";
            Safetensors.write(average.tensors(), directory.resolve(averaged));
            index.put(AVERAGE, averaged);
        }
        index.set("state", MAPPER.valueToTree(state));
        index.set("config", config.toJson());
        Path tmp = directory.resolve(INDEX + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), index);
        Files.move(tmp, directory.resolve(INDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (previous.isPresent()) {
            for (String key : new String[] {"weights", "optimizer", AVERAGE}) {
                String old = previous.get().path(key).asText(null);
                if (old != null && !old.equals(index.path(key).asText(null))) {
                    Files.deleteIfExists(directory.resolve(old));
                }
            }
        }
    }

    /**
     * Returns the path of the checkpoint's weights.
     *
     * @return the safetensors file of the model
     * @throws IOException if there is no checkpoint
     */
    public Path weights() throws IOException {
        return directory.resolve(readIndex().get("weights").asText());
    }

    /**
     * Restores a fresh run to this checkpoint: the model's weights, the optimizer's moments, and a
     * line in the run log saying where it resumes.
     *
     * @param model a model of the checkpoint's architecture
     * @param optimizer an optimizer over the model's parameters
     * @param log the run log
     * @return where the run stood
     * @throws IOException if the checkpoint cannot be read or does not match
     */
    public TrainingState resume(DynamicVit model, AdamW optimizer, RunLog log) throws IOException {
        NDManager manager = model.getModel().getNDManager();
        restoreWeights(model, manager);
        TrainingState state = restore(optimizer, manager);
        log.log(RunLog.resumed(directory, state));
        return state;
    }

    /**
     * Restores the optimizer's moments and returns the state.
     *
     * @param optimizer an optimizer over the restored model's parameters
     * @param manager a manager for the temporary arrays read
     * @return where the run stood
     * @throws IOException if the checkpoint cannot be read
     */
    private TrainingState restore(AdamW optimizer, NDManager manager) throws IOException {
        ObjectNode index = readIndex();
        TrainingState state = MAPPER.treeToValue(index.get("state"), TrainingState.class);
        try (NDManager scope = manager.newSubManager()) {
            NDList moments = Safetensors.read(scope, directory.resolve(index.get("optimizer").asText()));
            optimizer.loadState(moments, state.optimizerSteps(), state.skipped());
        }
        return state;
    }

    /**
     * Copies the checkpoint's weights into an initialised model's parameters, in place.
     *
     * @param model a model of the same architecture
     * @param manager a manager for the temporary arrays read
     * @throws IOException if the file cannot be read or does not match
     */
    private void restoreWeights(DynamicVit model, NDManager manager) throws IOException {
        try (NDManager scope = manager.newSubManager()) {
            WeightCopy.copy(Safetensors.read(scope, weights()), StateDict.parameters(model.getBlock()), true);
        }
    }

    /**
     * Restores a weight average saved with the checkpoint; leaves it as it is when the checkpoint
     * has none (a run that turns the average on when resumed starts it at the restored weights).
     *
     * @param average an average over the restored model's parameters
     * @param manager a manager for the temporary arrays read
     * @return whether the checkpoint held an average
     * @throws IOException if the checkpoint cannot be read
     */
    public boolean restoreAverage(WeightAverage average, NDManager manager) throws IOException {
        ObjectNode index = readIndex();
        if (!index.has(AVERAGE)) {
            return false;
        }
        try (NDManager scope = manager.newSubManager()) {
            average.load(Safetensors.read(scope, directory.resolve(index.get(AVERAGE).asText())));
        }
        return true;
    }

    private ObjectNode readIndex() throws IOException {
        Path index = directory.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            throw new IOException("No checkpoint in " + directory);
        }
        return (ObjectNode) MAPPER.readTree(index.toFile());
    }
}

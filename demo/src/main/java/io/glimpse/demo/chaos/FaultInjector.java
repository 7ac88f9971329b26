package io.glimpse.demo.chaos;

import io.glimpse.streams.frames.DeadLetterReason;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Applies a {@link FaultSchedule} to a {@link ChaosCluster}, on time, and undoes each fault after its
 * hold. A watchdog restarts any instance that exits without being killed, as an orchestrator would, and
 * counts it: an instance that gives up by itself is a finding, not something to hide.
 */
final class FaultInjector implements AutoCloseable {

    private final ChaosCluster cluster;
    private final MalformedFrames malformed;
    private final List<String> streams;
    private final double malformedPerSecond;
    private final Consumer<String> progress;
    private final Set<String> deliberatelyDown = ConcurrentHashMap.newKeySet();
    private final List<String> unplannedExits = new CopyOnWriteArrayList<>();
    private final Thread watchdog;
    private volatile boolean running = true;
    private long malformedSent;

    FaultInjector(ChaosCluster cluster, MalformedFrames malformed, List<String> streams, double malformedPerSecond,
            Consumer<String> progress) {
        this.cluster = cluster;
        this.malformed = malformed;
        this.streams = List.copyOf(streams);
        this.malformedPerSecond = malformedPerSecond;
        this.progress = progress;
        this.watchdog = new Thread(this::watch, "glimpse-chaos-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs the schedule, returning when its last fault is undone and its gap has passed.
     *
     * @param schedule the faults
     * @param startMillis the run's start (epoch milliseconds); fault times count from it
     * @return the faults as injected
     */
    List<InjectedFault> run(FaultSchedule schedule, long startMillis) throws Exception {
        List<InjectedFault> done = new ArrayList<>();
        for (Fault fault : schedule.faults()) {
            sleepUntil(startMillis + fault.at().toMillis());
            long injected = System.currentTimeMillis();
            String detail = inject(fault);
            done.add(new InjectedFault(fault, injected, System.currentTimeMillis(), detail));
            progress.accept(String.format("%6.1f s  %-38s %s", (injected - startMillis) / 1000.0, fault.kind().label(), detail));
        }
        sleepUntil(startMillis + schedule.length().toMillis());
        return done;
    }

    private String inject(Fault fault) throws Exception {
        List<AppInstance> instances = cluster.instances();
        AppInstance target = instances.get(fault.instance() % instances.size());
        return switch (fault.kind()) {
            case INSTANCE_KILL -> killAndRestart(target, fault.hold());
            case KILL_DURING_REBALANCE -> {
                String first = killAndRestart(target, fault.hold());
                Thread.sleep(fault.second().toMillis());
                AppInstance other = instances.get((fault.instance() + 1) % instances.size());
                yield first + "; " + killAndRestart(other, fault.hold()) + " " + fault.second().toMillis() + " ms after that restart";
            }
            case BROKER_KILL -> {
                cluster.broker().kill();
                Thread.sleep(fault.hold().toMillis());
                cluster.broker().start();
                yield "down " + fault.hold().toMillis() + " ms";
            }
            case REGISTRY_OUTAGE -> {
                cluster.registry().close();
                Thread.sleep(fault.hold().toMillis() / 3);
                String restart = killAndRestart(target, Duration.ZERO);
                Thread.sleep(fault.hold().toMillis() - fault.hold().toMillis() / 3);
                cluster.registry().start();
                yield "down " + fault.hold().toSeconds() + " s; meanwhile " + restart;
            }
            case INSTANCE_PAUSE -> {
                target.pause();
                Thread.sleep(fault.hold().toMillis());
                target.resume();
                yield target.name() + " stopped " + fault.hold().toMillis() + " ms";
            }
            case MALFORMED_BURST -> burst(fault.hold());
        };
    }

    private String killAndRestart(AppInstance instance, Duration pause) throws Exception {
        synchronized (instance) {
            deliberatelyDown.add(instance.name());
            instance.kill();
        }
        Thread.sleep(pause.toMillis());
        synchronized (instance) {
            instance.start();
            deliberatelyDown.remove(instance.name());
        }
        return instance.name() + " killed, restarted after " + pause.toMillis() + " ms";
    }

    private String burst(Duration hold) throws InterruptedException {
        long count = Math.max(MalformedFrames.CLASSES.size(), Math.round(malformedPerSecond * hold.toMillis() / 1000.0));
        long interval = hold.toMillis() / count;
        for (long i = 0; i < count; i++) {
            DeadLetterReason reason = MalformedFrames.CLASSES.get((int) ((malformedSent + i) % MalformedFrames.CLASSES.size()));
            malformed.send(reason, streams.get((int) ((malformedSent + i) % streams.size())));
            Thread.sleep(interval);
        }
        malformedSent += count;
        return count + " malformed frames over " + hold.toMillis() + " ms";
    }

    private void watch() {
        while (running) {
            for (AppInstance instance : cluster.instances()) {
                synchronized (instance) {
                    if (running && !deliberatelyDown.contains(instance.name()) && instance.starts() > 0 && !instance.isAlive()) {
                        unplannedExits.add(instance.name() + " at " + System.currentTimeMillis());
                        progress.accept("  " + instance.name() + " exited by itself; restarting it (see " + instance.log() + ")");
                        try {
                            instance.start();
                        } catch (Exception e) {
                            progress.accept("  could not restart " + instance.name() + ": " + e.getMessage());
                        }
                    }
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Instances that exited without being killed, with when. */
    List<String> unplannedExits() {
        return List.copyOf(unplannedExits);
    }

    private static void sleepUntil(long millis) throws InterruptedException {
        long wait = millis - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        watchdog.interrupt();
        watchdog.join(5_000);
    }
}

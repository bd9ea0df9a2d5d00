package io.codesynth.results.api;

import io.codesynth.results.ResultsSettings;
import io.codesynth.results.progress.JobChanged;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of {@code GET /v1/jobs/{id}/events}.
 *
 * <p>Each stream compares what is stored with what it has sent: a {@code progress} event when the
 * job's state or counts changed, a {@code task-completed} event for each task that became final,
 * and finally {@code job-completed}, after which the stream ends. A new stream therefore starts with
 * the current state (and a {@code task-completed} for every task already final). Streams are
 * refreshed at once when this instance committed a change ({@link JobChanged}) and every poll
 * interval otherwise, which picks up the changes made by other instances and by the deadline
 * sweeper. All sends happen on one thread, so one emitter is never written concurrently.
 */
@Component
class JobEventStreams implements SmartLifecycle {

    static final String PROGRESS = "progress";
    static final String TASK_COMPLETED = "task-completed";
    static final String JOB_COMPLETED = "job-completed";

    private static final Logger log = LoggerFactory.getLogger(JobEventStreams.class);

    private final JobQueries jobs;
    private final TaskQueries tasks;
    private final ResultsSettings.Events settings;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService sender;

    JobEventStreams(JobQueries jobs, TaskQueries tasks, ResultsSettings settings) {
        this.jobs = jobs;
        this.tasks = tasks;
        this.settings = settings.events();
    }

    /** A stream of one job's events; its first events carry the job's current state. */
    SseEmitter open(UUID jobId) {
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        Stream stream = new Stream(jobId, emitter);
        emitter.onCompletion(() -> streams.remove(stream));
        emitter.onTimeout(() -> {
            streams.remove(stream);
            emitter.complete();
        });
        emitter.onError(error -> streams.remove(stream));
        streams.add(stream);
        submit(() -> refresh(stream));
        return emitter;
    }

    @EventListener
    void onJobChanged(JobChanged changed) {
        submit(() -> streams.stream().filter(s -> s.jobId.equals(changed.jobId())).forEach(this::refresh));
    }

    int openStreams() {
        return streams.size();
    }

    private void submit(Runnable work) {
        ScheduledExecutorService running = sender;
        if (running == null) {
            return;
        }
        try {
            running.execute(work);
        } catch (RejectedExecutionException stopping) {
            // shutting down: the streams are being completed
        }
    }

    private void refreshAll() {
        List.copyOf(streams).forEach(this::refresh);
    }

    /** Sends what the stream has not seen yet; completes it once the job is final. */
    private void refresh(Stream stream) {
        if (stream.done) {
            return;
        }
        try {
            JobView job = jobs.job(stream.jobId).map(JobQueries.StoredJob::view).orElse(null);
            if (job == null) {
                stream.done = true;
                stream.emitter.complete();
                streams.remove(stream);
                return;
            }
            List<Object> progress = List.of(job.state(), job.counts(), job.candidates(), job.progress());
            if (!progress.equals(stream.lastProgress)) {
                stream.send(PROGRESS, job);
                stream.lastProgress = progress;
            }
            List<Integer> finished = new ArrayList<>(tasks.finalTaskIndices(stream.jobId));
            finished.removeAll(stream.sentTasks);
            for (TaskView task : tasks.tasks(stream.jobId, finished)) {
                stream.send(TASK_COMPLETED, task);
                stream.sentTasks.add(task.taskIndex());
            }
            if (job.state().isFinal()) {
                stream.send(JOB_COMPLETED, job);
                stream.done = true;
                stream.emitter.complete();
                streams.remove(stream);
            } else if (System.nanoTime() - stream.lastSent > settings.keepAlive().toNanos()) {
                stream.emitter.send(SseEmitter.event().comment("keep-alive"));
                stream.lastSent = System.nanoTime();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away (or the emitter already ended): forget the stream
            log.debug("Event stream of job {} closed: {}", stream.jobId, e.toString());
            stream.done = true;
            streams.remove(stream);
        } catch (RuntimeException e) {
            log.warn("Could not refresh the event stream of job {}; trying again: {}", stream.jobId, e.toString());
        }
    }

    private static final class Stream {

        final UUID jobId;
        final SseEmitter emitter;
        final Set<Integer> sentTasks = new HashSet<>();
        List<Object> lastProgress;
        long lastSent = System.nanoTime();
        volatile boolean done;
        long sequence;

        Stream(UUID jobId, SseEmitter emitter) {
            this.jobId = Objects.requireNonNull(jobId);
            this.emitter = emitter;
        }

        void send(String name, Object data) throws IOException {
            emitter.send(SseEmitter.event().name(name).id(Long.toString(++sequence))
                    .data(data, MediaType.APPLICATION_JSON));
            lastSent = System.nanoTime();
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "results-event-streams");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.pollInterval().toMillis();
        started.scheduleWithFixedDelay(this::refreshAll, interval, interval, TimeUnit.MILLISECONDS);
        sender = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = sender;
        sender = null;
        if (running != null) {
            running.shutdownNow();
        }
        // end open streams now: a graceful shutdown would otherwise wait for them
        streams.forEach(stream -> stream.emitter.complete());
        streams.clear();
    }

    @Override
    public boolean isRunning() {
        return sender != null;
    }
}

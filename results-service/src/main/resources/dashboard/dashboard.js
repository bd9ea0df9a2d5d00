// The CodeSynth dashboard: the tenant's jobs (polled) and one job's tasks, followed live through the
// job's Server-Sent Events. The events are read with fetch() rather than EventSource, because only
// fetch can send the API key in the Authorization header; the key never appears in a URL.
"use strict";

const KEY_ITEM = "codesynth.apiKey";
const JOBS_REFRESH_MS = 5000;

const state = { key: sessionStorage.getItem(KEY_ITEM), jobId: null, stream: null, tasks: new Map(), timer: null };

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "class") node.className = value; else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child ?? ""));
  return node;
}

const percent = (value) => (value == null ? "–" : (100 * value).toFixed(1) + "%");
const seconds = (ms) => (ms == null ? "–" : ms < 60000 ? (ms / 1000).toFixed(1) + " s" : Math.round(ms / 60000) + " min");
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
const badge = (text) => el("span", { class: "state " + text }, text);

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { Authorization: "Bearer " + state.key, ...(options.headers || {}) } });
  if (response.status === 401) {
    forgetKey("The API key was not accepted.");
    throw new Error("unauthorized");
  }
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not a problem document */ }
    throw new Error(response.status + ": " + detail);
  }
  return response;
}

// ---- key handling

function showLogin(message) {
  $("login").hidden = false;
  $("app").hidden = true;
  if (message) $("key").placeholder = message;
}

function forgetKey(message) {
  sessionStorage.removeItem(KEY_ITEM);
  state.key = null;
  stopStream();
  clearInterval(state.timer);
  showLogin(message);
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  state.key = $("key").value.trim();
  $("key").value = "";
  sessionStorage.setItem(KEY_ITEM, state.key);
  start();
});
$("forget").addEventListener("click", () => forgetKey());

// ---- the jobs list

async function loadJobs() {
  const page = await (await api("/v1/jobs?size=20")).json();
  const body = $("jobs").querySelector("tbody");
  body.replaceChildren(...page.items.map(jobRow));
  $("jobs-empty").hidden = page.items.length > 0;
  $("tenant-note").textContent = page.total + " job(s)";
}

function jobRow(job) {
  const p = job.progress;
  const bar = el("div", { class: "bar" }, el("div"));
  bar.firstChild.style.width = (100 * p.done).toFixed(1) + "%";
  const row = el("tr", {},
    el("td", {}, job.name),
    el("td", {}, badge(job.state)),
    el("td", {}, bar, " " + (p.tasks.completed + p.tasks.failed) + "/" + p.tasks.total + " tasks"),
    el("td", {}, p.candidates.verified + "/" + p.candidates.expected + " verified"),
    el("td", {}, percent(job.passAtK?.["pass@1"])),
    el("td", {}, percent(job.passAtK?.["pass@5"])),
    el("td", {}, percent(job.passAtK?.["pass@10"])),
    el("td", {}, when(job.submittedAt)),
    el("td", {}, seconds(job.timings.elapsedMillis)));
  if (job.jobId === state.jobId) row.classList.add("selected");
  row.addEventListener("click", () => openJob(job.jobId));
  return row;
}

// ---- one job, live

function stopStream() {
  if (state.stream) state.stream.abort();
  state.stream = null;
}

function openJob(jobId) {
  stopStream();
  state.jobId = jobId;
  history.replaceState(null, "", "#job=" + jobId);
  state.tasks = new Map();
  $("job").hidden = false;
  $("task").hidden = true;
  $("tasks").querySelector("tbody").replaceChildren();
  follow(jobId, 0);
  loadJobs().catch(() => {});
}

// Reads the event stream; reconnects (and starts again from the current state) until job-completed.
async function follow(jobId, attempt) {
  const controller = new AbortController();
  state.stream = controller;
  let finished = false;
  try {
    $("job-live").textContent = "● live";
    const response = await api("/v1/jobs/" + jobId + "/events", { headers: { Accept: "text/event-stream" }, signal: controller.signal });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) finished = onEvent(jobId, event) || finished;
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return;
    $("job-live").textContent = "connection lost: " + error.message;
  }
  if (state.stream !== controller) return;
  if (finished) {
    $("job-live").textContent = "";
    state.stream = null;
  } else {
    setTimeout(() => { if (state.jobId === jobId && state.stream === controller) follow(jobId, attempt + 1); },
      Math.min(30000, 1000 * 2 ** attempt));
  }
}

function parseEvent(block) {
  let name = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue; // a comment: keep-alive
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") name = value;
    if (field === "data") data.push(value);
  }
  return data.length ? { name, data: JSON.parse(data.join("\n")) } : null;
}

/** Returns true once the job is complete. */
function onEvent(jobId, event) {
  if (jobId !== state.jobId) return false;
  if (event.name === "progress" || event.name === "job-completed") showJob(event.data);
  if (event.name === "task-completed") {
    state.tasks.set(event.data.taskIndex, event.data);
    showTasks();
  }
  if (event.name === "job-completed") {
    loadJobs().catch(() => {});
    loadTasks(jobId).catch(() => {});
    return true;
  }
  return false;
}

function showJob(job) {
  $("job-title").textContent = job.name + " — " + job.jobId;
  $("job-state").replaceWith(Object.assign(badge(job.state), { id: "job-state" }));
  $("job-bar").style.width = (100 * job.progress.done).toFixed(1) + "%";
  const p = job.progress;
  const passAtK = Object.entries(job.passAtK || {}).map(([k, v]) => k + " " + percent(v)).join(", ");
  $("job-figures").textContent = [
    p.tasks.generated + "/" + p.tasks.total + " generated",
    p.tasks.verified + " verified",
    p.tasks.completed + " completed",
    p.tasks.failed + " failed",
    p.candidates.passed + "/" + p.candidates.verified + " candidates passed",
    passAtK,
    job.heldOutPassRate == null ? "" : "held-out " + percent(job.heldOutPassRate),
    seconds(job.timings.elapsedMillis),
  ].filter(Boolean).join(" · ");
  $("job-error").hidden = !job.error;
  $("job-error").textContent = job.error || "";
}

async function loadTasks(jobId) {
  const list = await (await api("/v1/jobs/" + jobId + "/tasks")).json();
  if (jobId !== state.jobId) return;
  for (const task of list.items) state.tasks.set(task.taskIndex, task);
  showTasks();
}

function showTasks() {
  const rows = [...state.tasks.values()].sort((a, b) => a.taskIndex - b.taskIndex).map((task) => {
    const top = task.candidates?.[0];
    const verdict = top?.verdict;
    const row = el("tr", {},
      el("td", {}, String(task.taskIndex)),
      el("td", {}, task.taskId),
      el("td", {}, badge(task.state)),
      el("td", {}, verdict ? badge(verdict.verdict) : "–"),
      el("td", {}, verdict ? verdict.tests.passed + "/" + verdict.tests.total : "–"),
      el("td", {}, top?.clusterSize ?? "–"),
      el("td", {}, top?.meanConfidence == null ? "–" : top.meanConfidence.toFixed(2)),
      el("td", {}, percent(task.passAtK?.["pass@1"])),
      el("td", {}, percent(task.heldOutPassRate)),
      el("td", {}, task.reason || top?.rankReason || ""));
    row.addEventListener("click", () => openTask(task.taskIndex));
    return row;
  });
  $("tasks").querySelector("tbody").replaceChildren(...rows);
}

async function openTask(taskIndex) {
  const task = await (await api("/v1/jobs/" + state.jobId + "/tasks/" + taskIndex)).json();
  $("task").hidden = false;
  $("task-title").textContent = "Task " + task.taskIndex + ": " + task.taskId + " (" + task.state + ")";
  const blocks = task.candidates.map((c) => el("div", { class: "candidate" },
    el("div", {}, c.rank ? "rank " + c.rank + " " : "", c.verdict ? badge(c.verdict.verdict) : "not verified", " ", c.candidateId),
    el("div", { class: "meta" }, [c.rankReason, "confidence " + (c.meanConfidence ?? 0).toFixed(3),
      c.tokenCount + " tokens", c.forwardPasses + " forward passes",
      c.verdict?.errorMessage ? "error: " + c.verdict.errorMessage : ""].filter(Boolean).join(" · ")),
    el("pre", {}, task.problem.format === "humaneval" ? task.problem.prompt + c.completion : c.completion)));
  $("candidates").replaceChildren(...(blocks.length ? blocks : [el("p", { class: "hint" }, task.reason || "No candidates yet.")]));
  $("task").scrollIntoView({ behavior: "smooth" });
}

$("samples").addEventListener("click", async () => {
  const response = await api("/v1/jobs/" + state.jobId + "/samples.jsonl?candidates=rank1");
  const link = el("a", { href: URL.createObjectURL(await response.blob()), download: state.jobId + "-samples.jsonl" });
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
});

function start() {
  $("login").hidden = true;
  $("app").hidden = false;
  loadJobs().catch((error) => { $("tenant-note").textContent = error.message; });
  clearInterval(state.timer);
  state.timer = setInterval(() => loadJobs().catch(() => {}), JOBS_REFRESH_MS);
  // a link to one job: /dashboard/#job=<job id>
  const linked = /^#job=([0-9a-fA-F-]{36})$/.exec(location.hash);
  if (linked) openJob(linked[1]);
}

if (state.key) start(); else showLogin();

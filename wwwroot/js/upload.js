// Resumable chunked uploads for the entry page. Each [data-upload] block holds a file input, a <progress>, a progress
// line and a status line (the polite live region). The file goes in small chunks (256 KiB, the server's floor); each
// request carries as many consecutive chunks as the link sent in about TARGET_SECONDS (up to the server's maximum per
// request), sent with XMLHttpRequest so the bar moves with the bytes while a request is on its way. A failed request is
// retried with backoff; after a reload the same file continues where it stopped: the same name, size and
// last-modified time remembered in localStorage, or the unfinished upload the page names (data-resume-*) when a file
// of that name and size is picked again. Every upload carries the file's fingerprint (fingerprintOf): the server
// continues a session only with the fingerprint it began with and otherwise refuses ("different-file"); the script
// then starts a new upload of the picked file and says so, so the parts of two files are never put together. Every
// text shown comes from the block's data-msg-* attributes (localized by the page) or the server's own message. The
// live region is told about progress at most every ANNOUNCE_MS, so a screen reader is not flooded.
// The script says it can send straight to storage ("direct": true); where the site keeps files in Azure Blob Storage
// (and allows it), the start answer then carries "direct": a short-lived URL for this upload
// alone. The chunks then go straight to the storage account as blocks (Put Block, block id = base64 of "chunk-000042"),
// several at once as the link allows (up to MAX_PARALLEL), never through the site; an expired URL is renewed by asking the
// upload's status, and "complete" asks the site to commit and check the stored file (it hashes what was stored itself).
(function () {
    "use strict";

    var MAX_ATTEMPTS = 6;
    var MAX_OUTAGE_WAITS = 60;
    var CHUNK_BYTES = 256 * 1024;
    var TARGET_SECONDS = 6;
    var ANNOUNCE_MS = 10000;
    var EDGE_BYTES = 64 * 1024;
    var SAMPLES = 16;
    var SAMPLE_BYTES = 4 * 1024;
    var MAX_PARALLEL = 4;
    var RENEW_BEFORE_MS = 2 * 60 * 1000;

    function UploadError(message, final) {
        this.message = message;
        this.final = final;
    }

    function format(text, values) {
        return (text || "").replace(/\{(\d+)\}/g, function (_, i) { return values[+i] === undefined ? "" : values[+i]; });
    }

    // "9,1 MB" in Indonesian, "9.1 MB" in English: the page's language decides the decimal sign.
    function sizeText(bytes) {
        var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
        function n(value, digits) { return value.toLocaleString(lang, { maximumFractionDigits: digits }); }
        if (bytes < 1024) { return bytes + " B"; }
        if (bytes < 1048576) { return n(bytes / 1024, 1) + " KB"; }
        if (bytes < 1073741824) { return n(bytes / 1048576, 1) + " MB"; }
        return n(bytes / 1073741824, 2) + " GB";
    }

    function sleep(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

    // The file's fingerprint: SHA-256 (hex) over its size, its first and last 64 KiB and 16 samples of 4 KiB evenly
    // spread between them (all of a file up to 192 KiB). lastModified is left out on purpose: the same file picked
    // again (saved anew from a chat, another picker) may carry another time, and continuing the same bytes is safe.
    // Null where the browser has no Web Crypto (a page not served over HTTPS): then nothing is continued by name.
    function fingerprintOf(file) {
        if (!(window.crypto && window.crypto.subtle && window.TextEncoder && file.slice)) { return Promise.resolve(null); }
        var size = file.size;
        var parts = [new TextEncoder().encode("cs-upload-1:" + size + "\n")];
        if (size <= 2 * EDGE_BYTES + SAMPLES * SAMPLE_BYTES) {
            parts.push(file.slice(0, size));
        } else {
            parts.push(file.slice(0, EDGE_BYTES));
            var span = size - 2 * EDGE_BYTES - SAMPLE_BYTES;
            for (var k = 0; k < SAMPLES; k++) {
                var at = EDGE_BYTES + Math.floor(span * k / (SAMPLES - 1));
                parts.push(file.slice(at, at + SAMPLE_BYTES));
            }
            parts.push(file.slice(size - EDGE_BYTES, size));
        }
        var blob = new Blob(parts);
        var read = blob.arrayBuffer ? blob.arrayBuffer() : new Response(blob).arrayBuffer();
        return read.then(function (buffer) { return window.crypto.subtle.digest("SHA-256", buffer); })
            .then(function (digest) {
                return Array.prototype.map.call(new Uint8Array(digest), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
            }, function () { return null; });
    }

    // The block id of chunk i, as the site commits it: base64 of "chunk-" and i in six digits.
    function blockId(i) {
        var digits = String(i);
        while (digits.length < 6) { digits = "0" + digits; }
        return window.btoa("chunk-" + digits);
    }

    function waitUntilOnline() {
        if (navigator.onLine !== false) { return Promise.resolve(); }
        return new Promise(function (resolve) { window.addEventListener("online", function () { resolve(); }, { once: true }); });
    }

    function setup(block) {
        var input = block.querySelector("input[type=file]");
        var bar = block.querySelector("progress");
        var status = block.querySelector("[data-upload-status]");
        var line = block.querySelector("[data-upload-progress]");
        var offer = block.querySelector("[data-upload-offer]");
        var pending = block.getAttribute("data-resume-id")
            ? { id: block.getAttribute("data-resume-id"), name: block.getAttribute("data-resume-name"), size: parseInt(block.getAttribute("data-resume-size"), 10) }
            : null;
        var lastAnnounced = 0;
        var url = block.getAttribute("data-url");
        var token = block.getAttribute("data-token");
        var slot = parseInt(block.getAttribute("data-slot"), 10);
        var maxBytes = parseInt(block.getAttribute("data-max-bytes"), 10);
        var accept = (block.getAttribute("data-accept") || "").split(",").filter(Boolean);
        var busy = false;
        var print = null; // the fingerprint of the file being uploaded, sent with every chunk and the completion

        function msg(name) { return block.getAttribute("data-msg-" + name) || ""; }

        function show(text, kind) {
            status.textContent = text;
            status.className = "upload-status" + (kind === "progress" ? " visually-hidden" : kind ? " upload-" + kind : "");
        }

        function progress(done, total) {
            var percent = total > 0 ? Math.floor(done * 100 / total) : 0;
            bar.value = percent;
            bar.setAttribute("aria-valuenow", String(percent));
            bar.textContent = percent + "%";
            return percent;
        }

        // "about 3 minutes left": from the bytes sent since this upload (or its continuation) began.
        function timeLeft(seconds) {
            if (!(seconds >= 0) || !isFinite(seconds)) { return ""; }
            if (seconds < 60) { return msg("left-seconds"); }
            var minutes = Math.ceil(seconds / 60);
            return minutes === 1 ? msg("left-minute") : format(msg("left-minutes"), [minutes]);
        }

        // Byte-level progress: the bar and the progress line on every call; the live region only now and then.
        function showBytes(sent, size, secondsLeft, force) {
            var percent = progress(sent, size);
            var text = format(msg("uploading"), [percent, sizeText(sent), sizeText(size)]);
            var left = timeLeft(secondsLeft);
            if (line) {
                line.hidden = false;
                line.textContent = left ? text + " · " + left : text;
            }
            var now = Date.now();
            if (force || now - lastAnnounced >= ANNOUNCE_MS) {
                lastAnnounced = now;
                // For screen readers only: the progress line shows the same, always up to date.
                show(left ? text + " " + left : text, line ? "progress" : "");
            }
        }

        function storageKey(file) {
            return "cs-upload:" + url + ":" + slot + ":" + file.name + ":" + file.size + ":" + file.lastModified;
        }

        function remember(key, id) { try { localStorage.setItem(key, id); } catch (e) { /* private mode */ } }
        function recall(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
        function forget(key) { try { localStorage.removeItem(key); } catch (e) { /* private mode */ } }

        // fetch() with the antiforgery header; JSON answers parsed; a refusal becomes an UploadError with the server's message.
        function call(method, path, body, contentType) {
            var headers = { "RequestVerificationToken": token, "Accept": "application/json" };
            if (contentType) { headers["Content-Type"] = contentType; }
            if (print) { headers["Upload-Fingerprint"] = print; }
            return fetch(url + path, { method: method, headers: headers, body: body, credentials: "same-origin" })
                .then(function (response) {
                    if (response.status === 204) { return null; }
                    return response.text().then(function (text) {
                        var data = null;
                        try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
                        if (response.ok) { return data; }
                        var retry = response.status >= 500 || response.status === 408 || response.status === 429
                            || (data && (data.code === "chunk-interrupted" || data.code === "chunk-size" || data.code === "completing"));
                        var error = new UploadError((data && data.message) || msg("failed"), !retry);
                        error.status = response.status;
                        error.code = data && data.code;
                        error.retryAfter = parseInt(response.headers.get("Retry-After"), 10) || 0;
                        throw error;
                    });
                }, function () {
                    throw new UploadError(msg("network"), false); // the connection dropped: try again
                });
        }

        // One PUT of chunks index … index + count − 1 with XMLHttpRequest (fetch reports no upload progress):
        // onBytes(loaded) as the body leaves; refusals become UploadErrors as in call().
        function put(sessionId, index, count, body, onBytes) {
            return new Promise(function (resolve, reject) {
                var xhr = new XMLHttpRequest();
                xhr.open("PUT", url + "/" + sessionId + "/chunks/" + index + (count > 1 ? "?count=" + count : ""));
                xhr.setRequestHeader("RequestVerificationToken", token);
                xhr.setRequestHeader("Accept", "application/json");
                xhr.setRequestHeader("Content-Type", "application/octet-stream");
                if (print) { xhr.setRequestHeader("Upload-Fingerprint", print); }
                xhr.withCredentials = true;
                xhr.upload.onprogress = function (e) { onBytes(e.loaded); };
                xhr.onload = function () {
                    if (xhr.status >= 200 && xhr.status < 300) { resolve(); return; }
                    var data = null;
                    try { data = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch (e) { data = null; }
                    var retry = xhr.status >= 500 || xhr.status === 408 || xhr.status === 429
                        || (data && (data.code === "chunk-interrupted" || data.code === "chunk-size"));
                    var error = new UploadError((data && data.message) || msg("failed"), !retry);
                    error.status = xhr.status;
                    error.code = data && data.code;
                    error.retryAfter = parseInt(xhr.getResponseHeader("Retry-After"), 10) || 0;
                    reject(error);
                };
                xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
                    reject(new UploadError(msg("network"), false)); // the connection dropped: try again
                };
                xhr.send(body);
            });
        }

        // One Put Block of chunk index straight to the storage account with the upload's URL (no cookie, no token: the URL
        // is the permission). A refused URL (403: expired) is marked "link" so the caller asks the site for a fresh one.
        function putBlock(link, index, body, onBytes) {
            return new Promise(function (resolve, reject) {
                var xhr = new XMLHttpRequest();
                xhr.open("PUT", link.url + "&comp=block&blockid=" + encodeURIComponent(blockId(index)));
                xhr.setRequestHeader("Content-Type", "application/octet-stream");
                xhr.upload.onprogress = function (e) { onBytes(e.loaded); };
                xhr.onload = function () {
                    if (xhr.status >= 200 && xhr.status < 300) { resolve(); return; }
                    var retry = xhr.status >= 500 || xhr.status === 408 || xhr.status === 429 || xhr.status === 403;
                    var error = new UploadError(msg("failed"), !retry);
                    error.status = xhr.status;
                    error.code = xhr.status === 403 ? "link" : xhr.getResponseHeader("x-ms-error-code");
                    reject(error);
                };
                xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
                    reject(new UploadError(msg("network"), false));
                };
                xhr.send(body);
            });
        }

        // Retries a step a few times with growing pauses, waiting for the connection to come back. The status line
        // says what happened: the connection dropped (no answer), the site answered with an error, or the site's
        // file storage is unavailable (503 "storage-unavailable": the server's own message, waiting as long as
        // its Retry-After says, for up to MAX_OUTAGE_WAITS waits that do not count as failed attempts).
        function withRetry(step) {
            var attempt = 0;
            var outages = 0;
            function run() {
                attempt++;
                return step().catch(function (error) {
                    if (error.final) { throw error; }
                    if (error.code === "storage-unavailable" && outages < MAX_OUTAGE_WAITS) {
                        outages++;
                        attempt--;
                        show(error.message, "warning");
                        return sleep(1000 * Math.max(1, error.retryAfter || 10)).then(waitUntilOnline).then(run);
                    }
                    if (attempt >= MAX_ATTEMPTS) { throw error; }
                    show(format(msg(error.status ? "retrying-server" : "retrying"), [attempt, MAX_ATTEMPTS - 1]), "warning");
                    var pause = Math.min(16000, 1000 * Math.pow(2, attempt - 1));
                    return sleep(Math.max(pause, 1000 * (error.retryAfter || 0))).then(waitUntilOnline).then(run);
                });
            }
            return run();
        }

        // Says in the offer's place that the picked file is not the one the earlier upload began with (the server's
        // words), and tells the live region once.
        function different(message) {
            if (!offer || !message) { return; }
            offer.textContent = message;
            offer.className = "notice notice-warning";
            offer.hidden = false;
        }

        function begin(file) {
            var key = storageKey(file);
            return fingerprintOf(file).then(function (fingerprint) {
                print = fingerprint;
                // Continue what this browser remembers of this very file, or the unfinished upload the page names when a
                // file of that name and size is picked — by name only with a fingerprint, which the server compares.
                var named = print && pending && pending.name === file.name && pending.size === file.size ? pending.id : null;
                var known = recall(key) || named;
                var note = null;
                var resume = known
                    ? call("GET", "/" + known + (print ? "?fingerprint=" + print : ""), null).then(function (state) {
                        return state && state.status === "active" ? state : null;
                    }, function (error) {
                        if (error.code === "different-file") { note = error.message; }
                        return null;
                    })
                    : Promise.resolve(null);
                return resume.then(function (state) {
                    pending = null;
                    if (state) {
                        if (offer) { offer.hidden = true; }
                        remember(key, state.id);
                        return send(file, key, state, null).catch(function (error) {
                            // The server refused to add this file to that upload: begin a new one of this file.
                            if (error.code !== "different-file") { throw error; }
                            forget(key);
                            return fresh(file, key, error.message);
                        });
                    }
                    if (known) { forget(key); }
                    return fresh(file, key, note);
                });
            });
        }

        // A new upload session of the file (with its fingerprint); note: why an earlier one was not continued.
        function fresh(file, key, note) {
            if (note) { different(note); } else if (offer) { offer.hidden = true; }
            return withRetry(function () {
                return call("POST", "", JSON.stringify({ fileName: file.name, size: file.size, slot: slot, chunkSize: CHUNK_BYTES, fingerprint: print, direct: true }), "application/json");
            }).then(function (started) {
                remember(key, started.id);
                return send(file, key, started, note);
            });
        }

        function send(file, key, state, note) {
            return state.direct ? sendDirect(file, key, state, note) : sendThroughSite(file, key, state, note);
        }

        // What both paths show and remember when the site has recorded the file.
        function finished(key, stored) {
            forget(key);
            progress(1, 1);
            if (line) { line.hidden = true; }
            show(format(msg("done"), [stored.fileName, sizeText(stored.size), stored.receiptCode]), "success");
            var reload = block.querySelector("[data-upload-reload]");
            if (reload) { reload.hidden = false; }
        }

        // The direct path: blocks straight to the storage account, then "complete" at the site. Chunks go several at a
        // time — as many as the link carried in about TARGET_SECONDS, at most MAX_PARALLEL — each with its own retries.
        function sendDirect(file, key, state, note) {
            var link = state.direct;
            var progress = startProgress(file, state, note);
            var received = progress.received, bytesOf = progress.bytesOf, secondsLeft = progress.secondsLeft;
            var done = progress.done;
            var rate = 0;
            var index = 0;

            // A fresh URL from the site (the upload's status) when this one expires or is about to.
            var renewing = null;
            function renew() {
                if (!renewing) {
                    renewing = call("GET", "/" + state.id + (print ? "?fingerprint=" + print : ""), null).then(function (fresh) {
                        renewing = null;
                        if (!fresh || !fresh.direct) { throw new UploadError(msg("failed"), true); }
                        link = fresh.direct;
                        return fresh;
                    }, function (error) { renewing = null; throw error; });
                }
                return renewing;
            }

            function current() {
                return Date.parse(link.expiresAt) - Date.now() < RENEW_BEFORE_MS ? renew().then(function () { return link; }) : Promise.resolve(link);
            }

            function one(i, loaded, count) {
                var start = i * state.chunkSize;
                var body = file.slice(start, Math.min(file.size, start + state.chunkSize));
                return withRetry(function () {
                    return current().then(function (url) {
                        return putBlock(url, i, body, function (bytes) {
                            loaded[i] = Math.min(bytes, body.size);
                            var sent = done;
                            for (var k in loaded) { if (Object.prototype.hasOwnProperty.call(loaded, k)) { sent += loaded[k]; } }
                            showBytes(sent, file.size, secondsLeft(sent), false);
                        });
                    }).catch(function (error) {
                        loaded[i] = 0;
                        if (error.code === "link") { return renew().then(function () { throw error; }); }
                        throw error;
                    });
                }).then(function () {
                    delete loaded[i];
                    received[i] = true;
                    done += body.size;
                    count.bytes += body.size;
                });
            }

            function next() {
                var group = [];
                var wanted = rate > 0 ? Math.floor(rate * TARGET_SECONDS / state.chunkSize) : 1;
                var size = Math.max(1, Math.min(MAX_PARALLEL, wanted));
                while (index < state.chunkCount && received[index]) { index++; }
                for (var i = index; i < state.chunkCount && group.length < size; i++) {
                    if (!received[i]) { group.push(i); }
                }
                if (group.length === 0) { return Promise.resolve(); }
                var began = Date.now();
                var loaded = {};
                var count = { bytes: 0 };
                return Promise.all(group.map(function (i) { return one(i, loaded, count); })).then(function () {
                    var measured = count.bytes / Math.max(0.05, (Date.now() - began) / 1000);
                    rate = rate > 0 ? (rate + measured) / 2 : measured;
                    showBytes(done, file.size, secondsLeft(done), false);
                    return next();
                });
            }

            // "complete"; when the site finds parts missing or cut short, it says which are there: send the rest again.
            function complete(round) {
                show(msg("checking"));
                return withRetry(function () { return call("POST", "/" + state.id + "/complete", null); })
                    .catch(function (error) {
                        if (error.code !== "missing-chunks" || round >= 3) { throw error; }
                        return renew().then(function (fresh) {
                            received = {};
                            index = 0;
                            fresh.received.forEach(function (i) { received[i] = true; });
                            done = 0;
                            fresh.received.forEach(function (i) { done += bytesOf(i); });
                            return next().then(function () { return complete(round + 1); });
                        });
                    });
            }

            return next().then(function () { return complete(1); }).then(function (stored) {
                finished(key, stored);
            }, function (error) {
                if (error.final) { forget(key); }
                throw error;
            });
        }

        // What both paths (direct and through the site) start from: the chunks the site already has and their bytes,
        // the first progress shown (or the offer's note, said once by the live region), and the time left estimated
        // from the speed since sending started.
        function startProgress(file, state, note) {
            var progress = { received: {}, done: 0 };
            progress.bytesOf = function (i) { return Math.max(0, Math.min(state.chunkSize, file.size - i * state.chunkSize)); };
            state.received.forEach(function (i) {
                progress.received[i] = true;
                progress.done += progress.bytesOf(i);
            });
            var startBytes = progress.done;
            var startTime = Date.now();
            progress.secondsLeft = function (sent) {
                var elapsed = (Date.now() - startTime) / 1000;
                var speed = elapsed >= 2 && sent > startBytes ? (sent - startBytes) / elapsed : 0;
                return speed > 0 ? (file.size - sent) / speed : NaN;
            };
            showBytes(progress.done, file.size, NaN, progress.done === 0);
            if (progress.done > 0) {
                lastAnnounced = Date.now();
                show(format(msg("resuming"), [sizeText(progress.done), sizeText(file.size)]));
            } else if (note) {
                lastAnnounced = Date.now();
                show(note, "progress");
            }
            return progress;
        }

        function sendThroughSite(file, key, state, note) {
            var perRequest = Math.max(1, state.maxChunksPerRequest || 1);
            var progress = startProgress(file, state, note);
            var received = progress.received, secondsLeft = progress.secondsLeft;
            var done = progress.done;
            var rate = 0; // bytes per second of the last requests (smoothed); 0 until one request has finished
            var index = 0;

            // As many chunks as the link sent in about TARGET_SECONDS, within the server's maximum and the run of
            // chunks still missing from here. The first request is one chunk: it measures the link.
            function groupSize(from) {
                var wanted = rate > 0 ? Math.floor(rate * TARGET_SECONDS / state.chunkSize) : 1;
                var count = Math.max(1, Math.min(perRequest, wanted));
                var run = 0;
                while (run < count && from + run < state.chunkCount && !received[from + run]) { run++; }
                return run;
            }

            function next() {
                while (index < state.chunkCount && received[index]) { index++; }
                if (index >= state.chunkCount) { return Promise.resolve(); }
                var i = index;
                var count = groupSize(i);
                var start = i * state.chunkSize;
                var body = file.slice(start, Math.min(file.size, start + count * state.chunkSize));
                var began = 0;
                return withRetry(function () {
                    began = Date.now();
                    return put(state.id, i, count, body, function (loaded) {
                        var sent = done + Math.min(loaded, body.size);
                        showBytes(sent, file.size, secondsLeft(sent), false);
                    });
                }).then(function () {
                    var seconds = Math.max(0.05, (Date.now() - began) / 1000);
                    var measured = body.size / seconds;
                    rate = rate > 0 ? (rate + measured) / 2 : measured;
                    for (var k = i; k < i + count; k++) { received[k] = true; }
                    done += body.size;
                    showBytes(done, file.size, secondsLeft(done), false);
                    return next();
                });
            }

            return next().then(function () {
                show(msg("checking"));
                return withRetry(function () { return call("POST", "/" + state.id + "/complete", null); });
            }).then(function (stored) {
                finished(key, stored);
            }, function (error) {
                if (error.final) { forget(key); }
                throw error;
            });
        }

        input.addEventListener("change", function () {
            var file = input.files && input.files[0];
            if (!file || busy) { return; }
            var dot = file.name.lastIndexOf(".");
            var ext = dot >= 0 ? file.name.substring(dot).toLowerCase() : "";
            if (accept.length && accept.indexOf(ext) < 0) { show(format(msg("type"), [accept.join(", ")]), "error"); return; }
            if (file.size === 0) { show(msg("empty"), "error"); return; }
            if (maxBytes && file.size > maxBytes) { show(format(msg("too-large"), [sizeText(file.size), sizeText(maxBytes)]), "error"); return; }

            busy = true;
            input.disabled = true;
            bar.hidden = false;
            progress(0, 1);
            show(msg("starting"));
            begin(file).catch(function (error) {
                show(error.message || msg("failed"), "error");
            }).then(function () {
                busy = false;
                input.disabled = false;
            });
        });
    }

    // The page names an unfinished upload of this slot ("pick poster.png again to continue"): add how much of it is
    // already there, or drop the offer when the server no longer has it.
    function offerToContinue(block) {
        var offer = block.querySelector("[data-upload-offer]");
        var detail = block.querySelector("[data-upload-offer-detail]");
        var id = block.getAttribute("data-resume-id");
        if (!offer || !id) { return; }
        fetch(block.getAttribute("data-url") + "/" + id, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (state) {
                if (offer.hidden) { return; } // an upload began meanwhile
                if (!state || state.status !== "active") { offer.hidden = true; return; }
                var have = 0;
                state.received.forEach(function (i) { have += Math.max(0, Math.min(state.chunkSize, state.size - i * state.chunkSize)); });
                if (detail) { detail.textContent = format(block.getAttribute("data-msg-resume-received"), [sizeText(have), sizeText(state.size)]); }
            }, function () { /* offline: the offer stays as the page wrote it */ });
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("[data-upload]").forEach(function (block) {
            setup(block);
            offerToContinue(block);
        });
    });
})();

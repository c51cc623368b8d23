using System.Data.Common;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Sends the outbox. Every <see cref="EmailOptions.DispatchIntervalSeconds"/> (or when woken) each of its senders (one
/// per SMTP connection, <see cref="SmtpOptions.Connections"/>) claims a batch of due Pending rows, sends them over its
/// own connection, and records each outcome right after the server answered. Several instances of the site can run it
/// side by side, and the senders of one instance are claimants like any other: a batch is claimed with one UPDATE
/// that only takes rows nobody holds (or whose holder's lease ran out), so no row is ever sent by two senders at the
/// same time. See docs/decisions/0004-email-outbox.md.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes,
    MailTransportFactory transports,
    OutboxSignal signal,
    IOptions<EmailOptions> emailOptions,
    IOptions<SiteOptions> siteOptions,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly EmailOptions _options = emailOptions.Value;

    /// <summary>This process's dispatcher; each sender holds rows as <c>{InstanceId}/{n}</c> (Outbox.LockedBy).</summary>
    public string InstanceId { get; } = CreateInstanceId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var count = transports.Connections;
        logger.LogInformation("Email dispatcher {Instance} sends through the {Transport} with {Senders} sender(s).",
            InstanceId, transports.Description, count);
        await ForgetFinishedClaimsAsync(stoppingToken);
        var senders = Enumerable.Range(1, count).Select(n => RunSenderAsync($"{InstanceId}/{n}", stoppingToken)).ToList();
        await Task.WhenAll(senders);
        logger.LogInformation("Email dispatcher {Instance} stopped.", InstanceId);
    }

    /// <summary>
    /// Clears the marks of senders of earlier instances on rows that are no longer Pending (only Pending rows are
    /// claimed, so they are harmless), once their lease is over, so the outbox page is not confused. A row a dead sender
    /// handed over but never saw confirmed stays Pending and is claimed again like any row whose lease ran out.
    /// </summary>
    private async Task ForgetFinishedClaimsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = Now();
            await db.Writes.WriteAsync(ct => db.OutboxMessages
                .Where(m => m.Status != OutboxStatus.Pending && m.LockedBy != null && m.LockedUntil <= now)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedBy, (string?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), ct), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Email dispatcher {Instance} could not clear finished claims of earlier instances.", InstanceId);
        }
    }

    /// <summary>One sender: its own connection, its own batches.</summary>
    private async Task RunSenderAsync(string holder, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var interval = TimeSpan.FromSeconds(_options.DispatchIntervalSeconds);
        await using var transport = transports.Create();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var seen = signal.Generation;
                var more = false;
                try
                {
                    more = await DispatchBatchAsync(holder, transport, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The database was busy or unreachable: try again on the next round.
                    logger.LogError(ex, "Email sender {Holder}: a round failed.", holder);
                }

                if (more)
                {
                    continue;
                }

                try
                {
                    await transport.CloseIfIdleAsync(stoppingToken);
                    await signal.WaitAsync(seen, interval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await ReleaseClaimsAsync(holder);
            await transport.CloseAsync(CancellationToken.None);
        }
    }

    /// <summary>Claims and sends one batch as <paramref name="holder"/>. True when the batch was full (more may be due right away).</summary>
    internal async Task<bool> DispatchBatchAsync(string holder, IMailTransport transport, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var claimStarted = clock.GetTimestamp();
        var rows = await ClaimAsync(db, holder, stoppingToken);
        if (rows.Count == 0)
        {
            return false;
        }

        try
        {
            // Messages queued with a template get their bodies now, from committed data that never changes (issue 16).
            var unrenderable = await scope.ServiceProvider.GetRequiredService<OutboxRenderer>().RenderAsync(rows, stoppingToken);
            return await SendBatchAsync(db, holder, transport, rows, unrenderable, claimStarted, stoppingToken);
        }
        finally
        {
            await ReleaseClaimsAsync(holder, db);
        }
    }

    private async Task<bool> SendBatchAsync(
        AppDbContext db, string holder, IMailTransport transport, List<OutboxMessage> rows, IReadOnlyDictionary<Guid, string> unrenderable,
        long claimStarted, CancellationToken stoppingToken)
    {
        var from = new MailboxAddress(
            string.IsNullOrWhiteSpace(_options.FromName) ? siteOptions.Value.Name : _options.FromName,
            _options.FromAddress);
        var opened = false;

        // A message's hand-over and its acceptance are recorded with prepared UPDATEs on a connection the batch keeps open.
        // The Sent record of a message the server accepted waits for the next message's hand-over record and goes in the
        // same command (one round trip and one commit per message, as with a single record), or is written on its own
        // when the batch ends. Until then the row is handed over: a crash in between sends it again (a repeat), never
        // loses it.
        await using var recordScope = scopes.CreateAsyncScope();
        await using var recorder = await SentRecorder.OpenAsync(recordScope.ServiceProvider.GetRequiredService<AppDbContext>(), holder);
        (OutboxMessage Row, DateTime At)? accepted = null;
        async Task RecordAcceptedAsync()
        {
            if (accepted is { } a)
            {
                accepted = null;
                WarnIfNoLongerHeld(a.Row, await WithRetriesAsync(() => recorder.RecordSentAsync(a.Row.Id, a.At)));
            }
        }

        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                // Stop starting messages when shutting down, or in the second half of the lease: a message is only
                // started while this sender surely still holds it. The rest is released below.
                if (stoppingToken.IsCancellationRequested
                    || clock.GetElapsedTime(claimStarted) > TimeSpan.FromSeconds(_options.LockSeconds / 2.0))
                {
                    break;
                }

                var row = rows[i];
                var handedOver = false;
                void HandOver()
                {
                    int updated;
                    if (accepted is { } a)
                    {
                        // Both rows are held by this sender: 2 rows changed, or a claim was lost.
                        updated = recorder.RecordSentAndHandedOver(a.Row.Id, a.At, row.Id, Now()) == 2 ? 1 : 0;
                        accepted = null;
                    }
                    else
                    {
                        updated = recorder.RecordHandedOver(row.Id, Now());
                    }

                    handedOver = true;
                    WarnIfNoLongerHeld(row, updated);
                }

                if (row.Repeats > 0)
                {
                    logger.LogWarning(
                        "Email {MessageId} to {To} was handed over before without a confirmation; it is sent with the same Message-ID (repeat {Repeats}).",
                        row.MessageId, row.ToAddress, row.Repeats);
                }

                if (unrenderable.TryGetValue(row.Id, out var renderProblem))
                {
                    await RecordFailureAsync(db, holder, row, renderProblem, permanent: true);
                    continue;
                }

                if (!TryBuild(row, from, out var message, out var problem))
                {
                    await RecordFailureAsync(db, holder, row, problem, permanent: true);
                    continue;
                }

                try
                {
                    if (!opened)
                    {
                        await transport.OpenAsync(stoppingToken);
                        opened = true;
                    }

                    // A started send is finished even while shutting down (the transport's own timeout bounds it),
                    // so that what the server accepted is recorded as sent. Over SMTP the message is recorded as handed
                    // over (still Pending, still held by this sender) once it has been written and before the end-of-data
                    // mark that makes the server take it, and as Sent after the server's reply. A crash between the two
                    // leaves it handed over: once the lease has run out another sender sends it again, with the same
                    // Message-ID (at least once, never lost; decision 0004). If the server refuses it, the failure below
                    // puts the row back (the guard on LockedBy still matches).
                    await transport.SendAsync(message, HandOver, CancellationToken.None);
                }
                catch (MailTransportException ex)
                {
                    // A refusal is an answer: the server did not take the message. A connection that dropped after the
                    // hand-over gave none: the server may have it, and the next send of it counts as a repeat.
                    await RecordFailureAsync(db, holder, row, ex.Message, ex.Permanent, unconfirmed: handedOver && !ex.Answered);
                    if (ex.ServerUnavailable)
                    {
                        // Every other message of the batch would fail the same way: count the attempt for each.
                        foreach (var rest in rows.Skip(i + 1))
                        {
                            await RecordFailureAsync(db, holder, rest, ex.Message, permanent: false);
                        }

                        return false; // no point in taking the next batch right away
                    }

                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Not a delivery problem the transport knows (a bug, most likely): retried like a transient failure.
                    logger.LogError(ex, "Sending email {MessageId} failed unexpectedly.", row.MessageId);
                    await RecordFailureAsync(db, holder, row, ex.Message, permanent: false, unconfirmed: handedOver);
                    continue;
                }

                // Accepted (the server's 250, or the pickup file in place): Sent, and let go, with the next message's hand-over
                // or at the end of the batch. A transport that does not call back (the pickup folder) records it now. If it
                // cannot be recorded (the database is gone), the row, handed over, is sent again after its lease.
                accepted = (row, Now());
                if (!handedOver)
                {
                    await RecordAcceptedAsync();
                }

                logger.LogInformation("Email {MessageId} ({Kind}) sent to {To}.", row.MessageId, row.Kind, row.ToAddress);
            }
        }
        finally
        {
            await RecordAcceptedAsync();
        }

        return rows.Count == _options.BatchSize;
    }

    private void WarnIfNoLongerHeld(OutboxMessage row, int updated)
    {
        if (updated == 0)
        {
            logger.LogWarning(
                "Email {MessageId} was handed over or sent, but this dispatcher no longer held it; another instance may send it again.",
                row.MessageId);
        }
    }

    /// <summary>
    /// Puts the row back for a later attempt, or marks it Failed. <paramref name="unconfirmed"/>: it was handed over and
    /// no reply came, so the server may have it; the mark stays and the next claim counts the send as a repeat.
    /// </summary>
    private async Task RecordFailureAsync(AppDbContext db, string holder, OutboxMessage row, string error, bool permanent, bool unconfirmed = false)
    {
        var now = Now();
        var attempts = row.Attempts + 1;
        var giveUp = permanent || attempts >= _options.MaxAttempts;
        var status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending;
        var next = giveUp ? row.NextAttemptAt : now + RetryDelay(attempts);
        var text = error.Length > 2000 ? error[..2000] : error;
        await WithRetriesAsync(() => db.Writes.WriteAsync(ct => db.OutboxMessages
            .Where(m => m.Id == row.Id && m.LockedBy == holder)
            .ExecuteUpdateAsync(s =>
            {
                s.SetProperty(m => m.Status, status)
                    .SetProperty(m => m.Attempts, attempts)
                    .SetProperty(m => m.NextAttemptAt, next)
                    .SetProperty(m => m.LastError, text)
                    .SetProperty(m => m.LockedBy, (string?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null);
                if (!unconfirmed)
                {
                    s.SetProperty(m => m.HandedOverAt, (DateTime?)null);
                }
            }, ct), CancellationToken.None));
        if (giveUp)
        {
            logger.LogWarning(
                "Email {MessageId} ({Kind}) to {To} failed for good after {Attempts} attempt(s): {Error}",
                row.MessageId, row.Kind, row.ToAddress, attempts, text);
        }
        else
        {
            logger.LogWarning(
                "Email {MessageId} ({Kind}) to {To} was not sent (attempt {Attempts}), next try at {NextAttemptAt:O}: {Error}",
                row.MessageId, row.Kind, row.ToAddress, attempts, next, text);
        }
    }

    /// <summary>5 s, 10 s, 20 s … (with the configured base), capped, plus up to 10% jitter so instances spread out.</summary>
    internal TimeSpan RetryDelay(int attempts)
    {
        var seconds = Math.Min(_options.RetryBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1)), _options.MaxRetryDelaySeconds);
        return TimeSpan.FromSeconds(seconds * (1 + (Random.Shared.NextDouble() * 0.1)));
    }

    /// <summary>Gives back the rows a sender claimed but did not get to, so they are sent without waiting for the lease, and lets go of those it sent.</summary>
    private async Task ReleaseClaimsAsync(string holder, AppDbContext? db = null)
    {
        try
        {
            if (db is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                await ReleaseClaimsAsync(holder, scope.ServiceProvider.GetRequiredService<AppDbContext>());
                return;
            }

            // The rows it did not get to (still Pending). Rows it sent were let go when recorded as Sent; one whose Sent
            // record failed stays handed over and is sent again (a repeat).
            await db.Writes.WriteAsync(ct => db.OutboxMessages
                .Where(m => m.LockedBy == holder)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedBy, (string?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null), ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The rows become claimable again when their lease runs out.
            logger.LogWarning(ex, "Email sender {Holder} could not release its claimed rows.", holder);
        }
    }

    /// <summary>Recording an outcome matters more than anything else here: a busy database gets a few more tries.</summary>
    private static async Task<int> WithRetriesAsync(Func<Task<int>> update)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await update();
            }
            catch (Exception) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    /// <summary>The MIME message for an outbox row (also used by the bulk-email benchmark's baseline, so both send the same bytes).</summary>
    public static bool TryBuild(OutboxMessage row, MailboxAddress from, out MimeMessage message, out string problem)
    {
        message = new MimeMessage();
        problem = "";
        if (!MailboxAddress.TryParse(row.ToAddress, out var to) || string.IsNullOrEmpty(to.Address) || !to.Address.Contains('@'))
        {
            problem = $"The recipient address \"{row.ToAddress}\" is not a valid email address.";
            return false;
        }

        to.Name = row.ToName;
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = row.Subject;
        message.MessageId = row.MessageId;
        message.Date = new DateTimeOffset(DateTime.SpecifyKind(row.CreatedAt, DateTimeKind.Utc));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new MultipartAlternative
        {
            new TextPart(TextFormat.Plain) { Text = row.TextBody },
            new TextPart(TextFormat.Html) { Text = row.HtmlBody },
        };

        // A Content-* header belongs to the top-level entity, the body: it is written among the message headers.
        body.Headers.Add(HeaderId.ContentLanguage, row.Culture);
        message.Body = body;
        return true;
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static string CreateInstanceId()
    {
        var machine = Environment.MachineName;
        if (machine.Length > 40)
        {
            machine = machine[..40];
        }

        // At most 84 characters; with a sender's "/n" at most 87 (the column holds 100).
        return $"{machine}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    }
}

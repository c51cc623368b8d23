using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// Sends the outbox. Every <see cref="EmailOptions.DispatchIntervalSeconds"/> (or when woken) it claims a batch
/// of due Pending rows, sends them over the transport, and records each outcome right after the server
/// answered. Several instances of the site can run it side by side: a row is claimed with a conditional
/// UPDATE (only when nobody holds it, or the holder's lease ran out), so two instances never send it at the same
/// time. See docs/decisions/0004-email-outbox.md.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IMailTransport transport,
    OutboxSignal signal,
    IOptions<EmailOptions> emailOptions,
    IOptions<SiteOptions> siteOptions,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly EmailOptions _options = emailOptions.Value;

    /// <summary>Who holds a claimed row (Outbox.LockedBy): this process, and this dispatcher within it.</summary>
    public string InstanceId { get; } = CreateInstanceId();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        logger.LogInformation("Email dispatcher {Instance} sends through the {Transport}.", InstanceId, transport.Description);
        var interval = TimeSpan.FromSeconds(_options.DispatchIntervalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var more = false;
                try
                {
                    more = await DispatchBatchAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The database was busy or unreachable: try again on the next round.
                    logger.LogError(ex, "Email dispatcher {Instance}: a round failed.", InstanceId);
                }

                if (more)
                {
                    continue;
                }

                try
                {
                    await transport.CloseIfIdleAsync(stoppingToken);
                    await signal.WaitAsync(interval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
        finally
        {
            await ReleaseClaimsAsync();
            await transport.CloseAsync(CancellationToken.None);
            logger.LogInformation("Email dispatcher {Instance} stopped.", InstanceId);
        }
    }

    /// <summary>Claims and sends one batch. True when the batch was full (more may be due right away).</summary>
    internal async Task<bool> DispatchBatchAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var claimStarted = clock.GetTimestamp();
        var rows = await ClaimAsync(db, stoppingToken);
        if (rows.Count == 0)
        {
            return false;
        }

        try
        {
            return await SendBatchAsync(db, rows, claimStarted, stoppingToken);
        }
        finally
        {
            await ReleaseClaimsAsync(db);
        }
    }

    private async Task<bool> SendBatchAsync(AppDbContext db, List<OutboxMessage> rows, long claimStarted, CancellationToken stoppingToken)
    {
        var from = new MailboxAddress(
            string.IsNullOrWhiteSpace(_options.FromName) ? siteOptions.Value.Name : _options.FromName,
            _options.FromAddress);
        var opened = false;

        // An accepted message is recorded as Sent (one UPDATE, on a connection of its own) while the next one is
        // sent. Recording each in turn with sending spent as long on the database as on SMTP (bench/README.md,
        // bulk result email). Everything accepted is recorded before this method returns, so before the batch's
        // claims are released. The recordings of a batch share one context: they run one after another (each
        // waits for the previous one), so a scope and a context per message are not needed.
        await using var recordScope = scopes.CreateAsyncScope();
        var recordDb = recordScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var recording = Task.CompletedTask;
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                // Stop starting messages when shutting down, or in the second half of the lease: a message is only
                // started while this instance surely still holds it. The rest is released below.
                if (stoppingToken.IsCancellationRequested
                    || clock.GetElapsedTime(claimStarted) > TimeSpan.FromSeconds(_options.LockSeconds / 2.0))
                {
                    break;
                }

                var row = rows[i];
                if (!TryBuild(row, from, out var message, out var problem))
                {
                    await RecordFailureAsync(db, row, problem, permanent: true);
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
                    // so that what the server accepted is recorded as sent.
                    await transport.SendAsync(message, CancellationToken.None);
                }
                catch (MailTransportException ex)
                {
                    await RecordFailureAsync(db, row, ex.Message, ex.Permanent);
                    if (ex.ServerUnavailable)
                    {
                        // Every other message of the batch would fail the same way: count the attempt for each.
                        foreach (var rest in rows.Skip(i + 1))
                        {
                            await RecordFailureAsync(db, rest, ex.Message, permanent: false);
                        }

                        return false; // no point in taking the next batch right away
                    }

                    continue;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    // Not a delivery problem the transport knows (a bug, most likely): retried like a transient failure.
                    logger.LogError(ex, "Sending email {MessageId} failed unexpectedly.", row.MessageId);
                    await RecordFailureAsync(db, row, ex.Message, permanent: false);
                    continue;
                }

                // Only one message is ever accepted and not yet recorded while the next is sent: a crash can repeat
                // at most two (the one being recorded and the one just accepted). Recording whatever had piled up
                // during a commit in one UPDATE sent more per second but repeated ~8 messages per kill -9 under load
                // (bench/README.md, bulk result email, kill test).
                await recording; // surfaces a failure to record
                var sent = row;
                recording = Task.Run(() => RecordSentAsync(recordDb, sent), CancellationToken.None);
            }

            return rows.Count == _options.BatchSize;
        }
        finally
        {
            await recording;
        }
    }

    /// <summary>
    /// Picks due rows, then marks them as ours with one UPDATE that only touches rows nobody holds (or whose
    /// holder's lease ran out), then reads back the rows we actually hold. Plain LINQ: works on any provider.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = Now();
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil <= now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(_options.BatchSize)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return [];
        }

        var lockedUntil = now.AddSeconds(_options.LockSeconds);
        var instance = InstanceId;
        var claimed = await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id)
                        && m.Status == OutboxStatus.Pending
                        && (m.LockedUntil == null || m.LockedUntil <= now))
            .ExecuteUpdateAsync(
                s => s.SetProperty(m => m.LockedBy, instance).SetProperty(m => m.LockedUntil, lockedUntil),
                cancellationToken);
        if (claimed == 0)
        {
            return [];
        }

        return await db.OutboxMessages.AsNoTracking()
            .Where(m => m.LockedBy == instance && m.Status == OutboxStatus.Pending && m.LockedUntil > now)
            .OrderBy(m => m.NextAttemptAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Marks a message the server accepted as Sent, with one UPDATE on the batch's recording connection.</summary>
    private async Task RecordSentAsync(AppDbContext db, OutboxMessage row)
    {
        var now = Now();
        var instance = InstanceId;
        var id = row.Id;
        var updated = await WithRetriesAsync(() => db.OutboxMessages
            .Where(m => m.Id == id && m.LockedBy == instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LockedBy, (string?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null)));
        if (updated == 0)
        {
            logger.LogWarning(
                "Email {MessageId} was sent, but this dispatcher no longer held it; another instance may send it again.",
                row.MessageId);
        }

        logger.LogInformation("Email {MessageId} ({Kind}) sent to {To}.", row.MessageId, row.Kind, row.ToAddress);
    }

    private async Task RecordFailureAsync(AppDbContext db, OutboxMessage row, string error, bool permanent)
    {
        var now = Now();
        var attempts = row.Attempts + 1;
        var giveUp = permanent || attempts >= _options.MaxAttempts;
        var status = giveUp ? OutboxStatus.Failed : OutboxStatus.Pending;
        var next = giveUp ? row.NextAttemptAt : now + RetryDelay(attempts);
        var text = error.Length > 2000 ? error[..2000] : error;
        var instance = InstanceId;
        await WithRetriesAsync(() => db.OutboxMessages
            .Where(m => m.Id == row.Id && m.LockedBy == instance)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, status)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LastError, text)
                .SetProperty(m => m.LockedBy, (string?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null)));
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

    /// <summary>Gives back the rows this dispatcher claimed but did not get to, so they are sent without waiting for the lease.</summary>
    private async Task ReleaseClaimsAsync(AppDbContext? db = null)
    {
        try
        {
            if (db is null)
            {
                await using var scope = scopes.CreateAsyncScope();
                await ReleaseClaimsAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>());
                return;
            }

            var instance = InstanceId;
            await db.OutboxMessages
                .Where(m => m.LockedBy == instance && m.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LockedBy, (string?)null)
                    .SetProperty(m => m.LockedUntil, (DateTime?)null));
        }
        catch (Exception ex)
        {
            // The rows become claimable again when their lease runs out.
            logger.LogWarning(ex, "Email dispatcher {Instance} could not release its claimed rows.", InstanceId);
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

        return $"{machine}/{Environment.ProcessId}/{Guid.NewGuid():N}"; // at most 84 characters (the column holds 100)
    }
}

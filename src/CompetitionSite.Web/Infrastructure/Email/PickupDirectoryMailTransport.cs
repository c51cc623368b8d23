using System.Text;
using MimeKit;

namespace CompetitionSite.Web.Infrastructure.Email;

/// <summary>
/// The embedded default when no SMTP host is set: each message becomes <c>&lt;Message-ID&gt;.eml</c> in a
/// folder, written to a temporary file first and renamed, so a reader never sees half a message. Writing the
/// same message again replaces its file: the folder holds each message once.
/// </summary>
public sealed class PickupDirectoryMailTransport(string directory) : IMailTransport
{
    private static readonly FormatOptions Format = CreateFormat();

    public string Directory { get; } = Path.GetFullPath(directory);

    public string Description => Describe(Directory);

    public static string Describe(string directory) => $"pickup folder {Path.GetFullPath(directory)}";

    /// <summary>The file a message with this Message-ID is written to.</summary>
    public static string FileNameFor(string messageId)
    {
        var name = new StringBuilder(messageId.Length);
        foreach (var c in messageId.Trim('<', '>'))
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '_');
        }

        return name + ".eml";
    }

    public Task OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MailTransportException($"The pickup folder {Directory} cannot be created: {ex.Message}", permanent: false, ex)
            {
                ServerUnavailable = true,
            };
        }
    }

    public async Task SendAsync(MimeMessage message, Action? handingOver, CancellationToken cancellationToken)
    {
        var final = Path.Combine(Directory, FileNameFor(message.MessageId ?? MimeKit.Utils.MimeUtils.GenerateMessageId()));
        var temp = Path.Combine(Directory, $".{Path.GetFileNameWithoutExtension(final)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await message.WriteToAsync(Format, stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, final, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new MailTransportException($"Could not write {final}: {ex.Message}", permanent: false, ex);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task CloseIfIdleAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A leftover .tmp file is ignored by readers of the folder.
        }
    }
}

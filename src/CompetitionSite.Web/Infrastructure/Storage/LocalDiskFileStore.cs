using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Infrastructure.Storage;

/// <summary>
/// Files in a folder on this machine (<c>Storage:Local:Root</c>, default <c>data/files</c> under the content root).
/// Every write goes to a temporary file in <c>.tmp/</c>, is flushed to disk and only then renamed to its final
/// name, so a crash never leaves a half-written file under that name. Chunks of an upload wait in
/// <c>.staging/&lt;name&gt;/&lt;index&gt;</c>. Only for a site running on one machine (see docs/decisions/0003-file-storage.md).
/// </summary>
public sealed class LocalDiskFileStore : IFileStore
{
    private const string TempFolderName = ".tmp";
    private const string StagingFolderName = ".staging";
    private const int CopyBufferSize = 128 * 1024;

    private readonly LocalFileLinks _links;
    private readonly TimeProvider _time;
    private readonly string _temp;
    private readonly string _staging;

    public LocalDiskFileStore(IOptions<LocalDiskStorageOptions> options, IHostEnvironment environment, LocalFileLinks links, TimeProvider time)
    {
        _links = links;
        _time = time;
        var root = options.Value.Root;
        Root = Path.GetFullPath(string.IsNullOrWhiteSpace(root)
            ? Path.Combine(environment.ContentRootPath, "data", "files")
            : Path.Combine(environment.ContentRootPath, root));
        _temp = Path.Combine(Root, TempFolderName);
        _staging = Path.Combine(Root, StagingFolderName);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(_temp);
    }

    /// <summary>The folder the files are in.</summary>
    public string Root { get; }

    public async Task<long> SaveAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var target = PathOf(name);
        return await WriteAtomicallyAsync(target, async file => await CopyAsync(content, file, cancellationToken), cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        try
        {
            Stream stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete,
                bufferSize: 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundInStoreException(name, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileStoreException($"The file '{name}' could not be opened from the local file store.", e);
        }
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        var path = PathOf(name);
        Disk(() => File.Delete(path), $"The file '{name}' could not be deleted from the local file store.");
        return Task.CompletedTask;
    }

    public Task<Uri> GetReadUrlAsync(string name, ReadUrlRequest request, CancellationToken cancellationToken = default) =>
        Task.FromResult(_links.Create(name, request));

    public async Task StageChunkAsync(string name, int index, Stream content, CancellationToken cancellationToken = default)
    {
        var folder = StagingFolderOf(name);
        CheckIndex(index);
        Disk(() => Directory.CreateDirectory(folder), $"The upload '{name}' could not be staged in the local file store.");
        var target = Path.Combine(folder, ChunkFileName(index));
        await WriteAtomicallyAsync(target, async file => await CopyAsync(content, file, cancellationToken), cancellationToken, tempFolder: folder);
    }

    public Task<IReadOnlyCollection<int>> GetStagedChunksAsync(string name, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyCollection<int>>(StagedChunks(StagingFolderOf(name)));

    public async Task<long> CommitChunksAsync(string name, int chunkCount, string contentType, CancellationToken cancellationToken = default)
    {
        var target = PathOf(name);
        var folder = StagingFolderOf(name);
        if (chunkCount is < 1 or > IFileStore.MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkCount), chunkCount, $"An upload has 1 to {IFileStore.MaxChunks} chunks.");
        }

        var staged = StagedChunks(folder).ToHashSet();
        var missing = Enumerable.Range(0, chunkCount).Where(i => !staged.Contains(i)).ToList();
        if (missing.Count > 0)
        {
            throw new ChunksMissingException(name, missing);
        }

        var length = await WriteAtomicallyAsync(target, async file =>
        {
            long total = 0;
            for (var i = 0; i < chunkCount; i++)
            {
                await using var chunk = new FileStream(Path.Combine(folder, ChunkFileName(i)), FileMode.Open, FileAccess.Read,
                    FileShare.Read, bufferSize: 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
                total += await CopyAsync(chunk, file, cancellationToken);
            }

            return total;
        }, cancellationToken);

        Disk(() => Directory.Delete(folder, recursive: true), $"The staged chunks of '{name}' could not be removed.");
        return length;
    }

    public Task DiscardChunksAsync(string name, CancellationToken cancellationToken = default)
    {
        var folder = StagingFolderOf(name);
        Disk(() =>
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }, $"The staged chunks of '{name}' could not be removed.");
        return Task.CompletedTask;
    }

    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        var probe = Path.Combine(_temp, $"health-{Guid.NewGuid():N}.probe");
        try
        {
            Directory.CreateDirectory(_temp);
            await File.WriteAllBytesAsync(probe, [1], cancellationToken);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileStoreException($"The local file store folder '{Root}' is not writable.", e);
        }
    }

    /// <summary>
    /// Deletes what a crash or an abandoned upload left behind: temporary files older than a day and staged
    /// chunks untouched for <paramref name="abandonedAfter"/>. Returns how many entries were removed.
    /// </summary>
    public int PurgeLeftovers(TimeSpan abandonedAfter)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var removed = 0;
        foreach (var file in SafeEnumerate(() => new DirectoryInfo(_temp).EnumerateFiles()))
        {
            if (file.LastWriteTimeUtc < now - TimeSpan.FromDays(1) && TryDelete(file.Delete))
            {
                removed++;
            }
        }

        foreach (var folder in SafeEnumerate(() => new DirectoryInfo(_staging).EnumerateDirectories()))
        {
            var files = SafeEnumerate(folder.EnumerateFiles).ToList();
            var lastTouched = files.Count == 0 ? folder.LastWriteTimeUtc : files.Max(f => f.LastWriteTimeUtc);
            if (lastTouched < now - abandonedAfter && TryDelete(() => folder.Delete(recursive: true)))
            {
                removed++;
            }
        }

        return removed;
    }

    private string PathOf(string name) => Path.Combine(Root, FileNames.Validate(name));

    private string StagingFolderOf(string name) => Path.Combine(_staging, FileNames.Validate(name));

    private static string ChunkFileName(int index) => index.ToString("D6", CultureInfo.InvariantCulture);

    private static void CheckIndex(int index)
    {
        if (index is < 0 or >= IFileStore.MaxChunks)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A chunk index is between 0 and {IFileStore.MaxChunks - 1}.");
        }
    }

    private static List<int> StagedChunks(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateFiles(folder)
            .Select(Path.GetFileName)
            .Where(f => f is { Length: 6 } && f.All(char.IsAsciiDigit))
            .Select(f => int.Parse(f!, CultureInfo.InvariantCulture))
            .Order()
            .ToList();
    }

    /// <summary>Writes through a temporary file next to the target (same volume), flushes it to disk, then renames it into place.</summary>
    private async Task<long> WriteAtomicallyAsync(string target, Func<FileStream, Task<long>> write, CancellationToken cancellationToken, string? tempFolder = null)
    {
        var temp = Path.Combine(tempFolder ?? _temp, $"{Path.GetFileName(target)}.{Guid.NewGuid():N}.part");
        try
        {
            long length;
            FileStream file;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(temp)!);
                file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new FileStoreException($"A temporary file could not be created in the local file store '{Root}'.", e);
            }

            await using (file)
            {
                length = await write(file);
                Disk(() => file.Flush(flushToDisk: true), "Flushing a file to the local disk failed.");
            }

            cancellationToken.ThrowIfCancellationRequested();
            Disk(() => File.Move(temp, target, overwrite: true), $"The file could not be moved into place in the local file store '{Root}'.");
            return length;
        }
        catch
        {
            TryDelete(() => File.Delete(temp));
            throw;
        }
    }

    /// <summary>Copies in pooled 128 KiB pieces. Errors reading <paramref name="source"/> pass through; disk errors become <see cref="FileStoreException"/>.</summary>
    private static async Task<long> CopyAsync(Stream source, FileStream target, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken)) > 0)
            {
                try
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new FileStoreException("Writing to the local file store failed.", e);
                }

                total += read;
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Disk(Action action, string message)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FileStoreException(message, e);
        }
    }

    private static bool TryDelete(Action delete)
    {
        try
        {
            delete();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<T> SafeEnumerate<T>(Func<IEnumerable<T>> enumerate)
    {
        try
        {
            return enumerate().ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

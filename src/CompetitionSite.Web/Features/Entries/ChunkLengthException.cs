namespace CompetitionSite.Web.Features.Entries;

/// <summary>A chunk whose length was not the agreed one.</summary>
public sealed class ChunkLengthException(bool tooLong) : IOException(tooLong ? "The chunk is longer than agreed." : "The chunk is shorter than agreed.")
{
    public bool TooLong { get; } = tooLong;
}

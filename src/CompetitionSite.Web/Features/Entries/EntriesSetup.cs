namespace CompetitionSite.Web.Features.Entries;

public static class EntriesSetup
{
    /// <summary>The entries feature's use cases: plain classes, one per request scope.</summary>
    public static IServiceCollection AddEntries(this IServiceCollection services)
    {
        services.AddScoped<EntryAccess>();
        services.AddScoped<Eligibility>();
        services.AddScoped<EntryEmails>();
        services.AddScoped<EntryReceipts>();
        services.AddScoped<EntryChanges>();
        services.AddScoped<EntryUploads>();
        services.AddScoped<EntryQueries>();
        services.AddScoped<EntryListQueries>();
        services.AddOptions<Infrastructure.Imaging.ImageOptions>().BindConfiguration(Infrastructure.Imaging.ImageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Infrastructure.Imaging.FilePreviews>();

        // Per instance and only a shortcut: see UploadScans for what happens with several instances.
        services.AddSingleton<UploadScans>();
        return services;
    }
}

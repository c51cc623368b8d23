namespace CompetitionSite.Web.Features.Gallery;

public static class GallerySetup
{
    public static IServiceCollection AddGallery(this IServiceCollection services)
    {
        services.AddScoped<GalleryQuery>();
        services.AddScoped<GalleryVisibility>();
        return services;
    }
}

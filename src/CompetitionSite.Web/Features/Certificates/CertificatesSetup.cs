namespace CompetitionSite.Web.Features.Certificates;

public static class CertificatesSetup
{
    public static IServiceCollection AddCertificates(this IServiceCollection services)
    {
        // Stateless and thread-safe; PDFsharp's font resolver is set once per process when it is first created.
        services.AddSingleton<CertificateRenderer>();
        services.AddScoped<CertificateIssuer>();
        services.AddScoped<CertificateDocuments>();
        services.AddScoped<CertificateQueries>();
        services.AddScoped<CertificateDesignEditor>();
        services.AddScoped<RevokeCertificate>();
        return services;
    }
}

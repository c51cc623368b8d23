# CompetitionSite: multi-stage build (SDK → ASP.NET runtime), runs as a non-root user.
#   docker build -t competitionsite .
#   docker run -p 8080:8080 -v competitionsite-data:/app/data competitionsite
# The site's log prints the one-time /setup?token=... link for the first organizer.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# global.json pins the SDK for developers; the image's 10.0 SDK builds the same code.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/CompetitionSite.Web/CompetitionSite.Web.csproj src/CompetitionSite.Web/
RUN dotnet restore src/CompetitionSite.Web/CompetitionSite.Web.csproj
COPY .editorconfig ./
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/CompetitionSite.Web/CompetitionSite.Web.csproj -c Release -o /app --no-restore \
    && rm -rf /app/data

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_gcServer=0
COPY --from=build /app ./
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
USER $APP_UID
VOLUME ["/app/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["dotnet", "/app/CompetitionSite.Web.dll", "healthcheck"]
ENTRYPOINT ["dotnet", "/app/CompetitionSite.Web.dll"]

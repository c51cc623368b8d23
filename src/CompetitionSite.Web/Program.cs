using CompetitionSite.Web;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Data.Copying;
using CompetitionSite.Web.Features.Accounts;
using CompetitionSite.Web.Features.Admin;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Competitions;
using CompetitionSite.Web.Features.Demo;
using CompetitionSite.Web.Features.Participants;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Features.Gallery;
using CompetitionSite.Web.Features.Judging;
using CompetitionSite.Web.Features.Reminders;
using CompetitionSite.Web.Features.Results;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Email;
using CompetitionSite.Web.Infrastructure.Localization;
using CompetitionSite.Web.Infrastructure.Storage;
using CompetitionSite.Web.Infrastructure.Web;

if (HealthProbe.IsRequested(args))
{
    return await HealthProbe.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, WebRootPath = WebRoot.Locate() });

builder.Services.AddSiteOptions();
builder.Services.AddData(builder.Environment);
builder.Services.AddAppLocalization();
builder.Services.AddWebUi();
builder.Services.AddAccounts(builder.Environment);
builder.Services.AddCompetitions();
builder.Services.AddParticipants();
builder.Services.AddCertificates();
builder.Services.AddJudging();
builder.Services.AddResults();
builder.Services.AddGallery();
builder.Services.AddAuditing();
builder.Services.AddEmail();
builder.Services.AddFileStorage();
builder.Services.AddEntries();
builder.Services.AddReminders();
builder.Services.AddAdmin();
builder.Services.AddOperations();

var app = builder.Build();

await app.MigrateDatabaseAsync();

if (SeedDemoCommand.IsRequested(args)) return await SeedDemoCommand.RunAsync(app.Services, Console.Out);
if (CopyDatabaseCommand.IsRequested(args)) return await CopyDatabaseCommand.RunAsync(app.Services, args, Console.Out);

app.UseWebUi();
app.UseAppLocalization();
app.UseAccounts();
app.MapWebUi();
app.MapOperations();

await app.RunAsync();
return 0;

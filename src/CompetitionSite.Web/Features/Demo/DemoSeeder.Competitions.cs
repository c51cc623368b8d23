using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain;
using CompetitionSite.Web.Domain.Competitions;
using CompetitionSite.Web.Domain.Email;
using CompetitionSite.Web.Domain.Entries;
using CompetitionSite.Web.Domain.Judging;
using CompetitionSite.Web.Domain.Participants;
using CompetitionSite.Web.Features.Certificates;
using CompetitionSite.Web.Features.Competitions;
using CompetitionSite.Web.Features.Entries;
using CompetitionSite.Web.Features.Judging;
using CompetitionSite.Web.Features.Participants;
using CompetitionSite.Web.Features.Results;
using CompetitionSite.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Demo;

// A competition from its plan: created and set up through the editors, entries made as students make them.
public sealed partial class DemoSeeder
{
    private async Task<DemoCompetition> SeedCompetitionAsync(Plan plan, CancellationToken ct)
    {
        // Created and set up by the organizer, opened a little before submissions open.
        _clock.Set(Day(plan.CreatedDay, 10));
        var (competitionId, categories) = await CreateAsync(plan, ct);
        var design = new CertificateDesignForm
        {
            SignerName = _organizer.Name,
            SignerTitle = "Ketua Panitia",
            Signer2Name = "Drs. H. Ahmad Fauzi",
            Signer2Title = "Ketua Komunitas Relawan TIK Banten",
        };
        await Use<CertificateDesignEditor, Outcome<int>>(s => s.SaveAsync(competitionId, design, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message));
        _clock.Set(Day(plan.OpenedDay, 9));
        await Use<CompetitionLifecycle, Outcome<int>>(s => s.OpenAsync(competitionId, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message));

        // Entries, spread over the submission period.
        Lap($"{plan.Slug}: set up");
        var entrants = _students.Where(_ => _random.NextDouble() < plan.Share).ToList();
        _entrantsByCompetition[competitionId] = entrants.Select(p => p.ParticipantId).ToHashSet();
        var entries = new List<(int EntryId, string Code, Person Person, double Quality)>();
        var span = (Day(plan.LastEntryDay, 20) - Day(plan.OpensDay, 10)).TotalMinutes;
        var times = entrants.Select(_ => Day(plan.OpensDay, 10).AddMinutes(_random.NextDouble() * span)).Order().ToList();
        for (var i = 0; i < entrants.Count; i++)
        {
            // The same steps as a student on the site (create, upload, submit), each saving its own change, in a
            // scope of its own like a request.
            var person = entrants[i];
            var category = categories.Single(c => c.Level == person.Level);
            _clock.Set(times[i]);
            var draft = plan.DraftShare > 0 && _random.NextDouble() < plan.DraftShare;
            await using var scope = root.CreateAsyncScope();
            var s = new DemoServices(scope.ServiceProvider, _clock, _site, new DemoActor(person.ActingUserId, person.ActingUserName));
            var made = await EnterAsync(s, category, person, withFile: !draft || _random.Next(2) == 0, submit: !draft, ct);
            entries.Add((made.EntryId, made.Code, person, Math.Clamp(0.25 + person.Skill * 0.6 + _random.NextDouble() * 0.2, 0, 1)));
        }

        Lap($"{plan.Slug}: {entries.Count} entries with files");
        if (plan.JudgesFrom is { } judgesDay)
        {
            _clock.Set(Day(judgesDay, 8));
            await AddJuryAsync(competitionId, categories, ct);
        }
        else
        {
            // The open competition's organizers keep everyone informed: two announcements through the site.
            _clock.Set(Day(-1, 19));
            await Use<PostAnnouncement, Outcome<int>>(s => s.PostAsync(competitionId, new AnnouncementForm
            {
                Title = "Webinar persiapan lomba: Sabtu pukul 09.00 WIB",
                Body = "Panitia mengadakan webinar untuk peserta dan guru pembimbing.\n\n"
                    + "- **Materi:** cara membuat poster dan video yang jelas\n- **Tempat:** Zoom (tautan dikirim lewat email sehari sebelumnya)\n\n"
                    + "Rekaman webinar akan diunggah di halaman ini.",
                OnPublicPage = true,
                Audience = AnnouncementAudience.Everyone,
            }, _organizer.Id, ct), r => r.Succeeded, r => r.Messages);
            _clock.Set(Day(-1, 20));
            var sd = categories.First(c => c.Level == SchoolLevels.SD);
            await Use<PostAnnouncement, Outcome<int>>(s => s.PostAsync(competitionId, new AnnouncementForm
            {
                Title = $"{sd.Name}: poster boleh digambar tangan lalu difoto",
                Body = "Untuk peserta SD, poster boleh digambar di kertas lalu difoto dengan jelas (PNG atau JPG). "
                    + "Pastikan seluruh gambar terlihat dan tidak buram.",
                OnPublicPage = true,
                Audience = AnnouncementAudience.Category,
                CategoryId = sd.Id,
            }, _organizer.Id, ct), r => r.Succeeded, r => r.Messages);

            // Questions from students: one answered in the FAQ (reworded without the asker's name), one waiting.
            var askers = entrants.Where(p => p.UserId is not null).Take(2).ToList();
            if (askers.Count == 2)
            {
                _clock.Set(Day(-2, 16));
                await AskAsync(plan.Slug, askers[0], $"Saya {askers[0].FullName.Split(' ')[0]}. Apakah poster boleh dibuat dengan aplikasi di HP, tidak harus di komputer?", ct);
                _clock.Set(Day(-2, 19));
                int asked;
                await using (var scope = root.CreateAsyncScope())
                {
                    asked = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Questions
                        .Where(q => q.CompetitionId == competitionId).OrderBy(q => q.Id).Select(q => q.Id).FirstAsync(ct);
                }

                await Use<AnswerQuestion, Outcome>(s => s.AnswerAsync(competitionId, asked, new AnswerForm
                {
                    Answer = "Boleh. Poster boleh dibuat dengan aplikasi apa pun, di HP maupun komputer, asalkan file akhirnya PNG atau JPG.",
                    InFaq = true,
                    PublicWording = "Apakah poster boleh dibuat dengan aplikasi di HP?",
                }, _organizer.Id, ct), r => r.Succeeded, r => r.Messages);
                _clock.Set(Day(-1, 8));
                await AskAsync(plan.Slug, askers[1], "Kalau karya saya sudah dikirim, apakah masih bisa diganti sebelum batas waktu?", ct);
            }

            // The open competition's jury is being formed: invitations sent through the site, not answered yet.
            _clock.Set(Day(-1, 21));
            var invitees = _judges.Take(6).Select(j => new Invitee(j.Email, j.Name)).ToList();
            await Use<JudgeInvitations, InviteResult>(s => s.InviteAsync(competitionId, invitees, categories.Select(c => c.Id).ToList(), _organizer.Id, _organizer.Name, ct),
                r => r.Errors.Count == 0 && r.Invited == invitees.Count, r => r.Errors);
        }

        if (plan.AssignDay is { } assignDay)
        {
            _clock.Set(Day(assignDay, 9));
            await Use<AssignJudges, AutoAssignResult>(s => s.RunAsync(competitionId, null, ct), r => r.Error is null, r => [r.Error!]);
            await ScoreAsync(competitionId, entries.ToDictionary(e => e.Code, e => e.Quality), plan, ct);
            Lap($"{plan.Slug}: jury, assignment, scores");
        }

        if (plan.PublishDay is { } publishDay)
        {
            _clock.Set(Day(publishDay - 3, 14));
            await DecideAwardsAsync(competitionId, ct);
            _clock.Set(Day(publishDay, 10));
            await Use<PublishResults, Outcome<string>>(s => s.PublishAsync(competitionId, confirmed: true, _organizer.Id, ct), r => r.Succeeded, r => r.Messages);
            Lap($"{plan.Slug}: awards, publication, certificates");
        }

        var result = new DemoCompetition(competitionId, plan.Slug, plan.Title, Phase.Draft, entries.Count);
        _made.Add(result);
        return result;
    }

    private sealed record MadeCategory(int Id, SchoolLevels Level, EntryKind Kind, string Name);

    /// <summary>A student asks the organizers through the site's use case, as themselves.</summary>
    private async Task AskAsync(string slug, Person person, string text, CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var s = new DemoServices(scope.ServiceProvider, _clock, _site, new DemoActor(person.ActingUserId, person.ActingUserName));
        var outcome = await s.Get<AskQuestion>().AskAsync(slug, new AskForm { Text = text }, person.ActingUserId, ct);
        Check(outcome.Succeeded, nameof(AskQuestion), outcome.Messages);
    }

    private async Task<(int Id, List<MadeCategory> Categories)> CreateAsync(Plan plan, CancellationToken ct)
    {
        var form = new CompetitionForm
        {
            Title = plan.Title,
            Slug = plan.Slug,
            Summary = plan.Summary,
            DescriptionMarkdown = plan.Description,
            RulesMarkdown = Plans.Rules,
            OrganizingBody = "Komunitas Relawan TIK Banten",
            ContactEmail = $"panitia@{EmailDomain}",
            TimeZoneId = "Asia/Jakarta",
            OpensAt = Wib(Day(plan.OpensDay, 8)),
            SubmissionClosesAt = Wib(Day(plan.ClosesDay, 23).AddMinutes(59)),
            JudgingEndsAt = Wib(Day(plan.JudgingEndsDay, 23).AddMinutes(59)),
            ResultsAnnouncedAt = Wib(Day(plan.ResultsDay, 10)),
            GraceMinutes = 30,
            JudgesPerEntry = 3,
            // The published competition shows its gallery with the results, the one being judged once judging ends, the open one at once.
            Gallery = plan.PublishDay is not null ? GalleryMode.AtPublication : plan.JudgesFrom is not null ? GalleryMode.AfterJudging : GalleryMode.DuringEntries,
        };
        var id = (await Use<CompetitionEditor, Outcome<int>>(s => s.CreateAsync(form, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Value;

        var rubrics = new Dictionary<EntryKind, int>();
        foreach (var (kind, rubric) in new[] { (EntryKind.Image, Plans.PosterRubric()), (EntryKind.Document, Plans.WritingRubric()) })
        {
            rubrics[kind] = (await Use<RubricEditor, Outcome<int>>(s => s.SaveAsync(id, null, rubric, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Value;
        }

        var categories = new List<MadeCategory>();
        foreach (var c in plan.Categories)
        {
            var (from, to) = SchoolGrades.For(c.Level);
            var categoryForm = new CategoryForm
            {
                Name = c.Name,
                Description = c.Description,
                OpenToAll = false,
                LevelSD = c.Level == SchoolLevels.SD,
                LevelSMP = c.Level == SchoolLevels.SMP,
                LevelSMA = c.Level == SchoolLevels.SMA,
                MinGrade = from,
                MaxGrade = to,
                Kind = c.Kind,
                Extensions = c.Kind == EntryKind.Image ? [".png", ".jpg", ".jpeg"] : [".pdf"],
                MaxFileSizeMb = 10,
                MaxFilesPerEntry = 1,
                MaxEntriesPerParticipant = 1,
                RubricId = rubrics[c.Kind],
                Tiers =
                [
                    new TierRow { Name = "Juara 1" }, new TierRow { Name = "Juara 2" }, new TierRow { Name = "Juara 3" },
                    new TierRow { Name = "Harapan 1" }, new TierRow { Name = "Harapan 2" },
                    new TierRow { Name = "Juara Favorit", IsSpecial = true },
                ],
            };
            var categoryId = (await Use<CategoryEditor, Outcome<int>>(s => s.SaveAsync(id, null, categoryForm, ct), r => r.Succeeded, r => r.Errors.Select(e => e.Message))).Value;
            categories.Add(new MadeCategory(categoryId, c.Level, c.Kind, c.Name));
        }

        return (id, categories);
    }

    private async Task<(int EntryId, string Code)> EnterAsync(DemoServices s, MadeCategory made, Person person, bool withFile, bool submit, CancellationToken ct)
    {
        var db = s.Get<AppDbContext>();
        var category = await db.Categories.Include(c => c.Competition).SingleAsync(c => c.Id == made.Id, ct);
        var participant = await db.Participants.Include(p => p.Consents).SingleAsync(p => p.Id == person.ParticipantId, ct);
        var title = Plans.Title(made.Kind, _random);
        var changes = s.Get<EntryChanges>();
        var created = await changes.CreateAsync(category, participant, person.ActingUserId,
            new EntryDetails(title, Plans.EntryDescription(made.Kind, _random), null), ct);
        Check(created.Succeeded, $"entry for {person.FullName} in {made.Name}", created.Messages);
        var entry = created.Value;

        if (withFile)
        {
            _clock.Advance(TimeSpan.FromMinutes(2));
            var (bytes, fileName) = made.Kind == EntryKind.Image
                ? (DemoFiles.Poster(DemoPeople.Initials(person.FullName), entry!.Id * 7919), $"poster-{DemoPeople.EmailLocalPart(person.FullName).Replace('.', '-')}.png")
                : (DemoFiles.Essay(title, person.FullName, participant.SchoolName, Plans.Paragraphs(_random)), $"esai-{DemoPeople.EmailLocalPart(person.FullName).Replace('.', '-')}.pdf");
            var uploads = s.Get<EntryUploads>();
            var (state, problem) = await uploads.StartAsync(entry!.Id, person.ActingUserId, new UploadStart(fileName, bytes.Length, 0), ct);
            Check(state is not null, "upload start", problem is null ? [] : [problem.Message]);
            using (var body = new MemoryStream(bytes, writable: false))
            {
                var staged = await uploads.StageChunkAsync(entry.Id, state!.Id, 0, 1, body, bytes.Length, null, ct);
                Check(staged is null, "upload chunk", staged is null ? [] : [staged.Message]);
            }

            var (file, completeProblem) = await uploads.CompleteAsync(entry.Id, state.Id, null, ct);
            Check(file is not null && file.Sha256 == Convert.ToHexStringLower(SHA256.HashData(bytes)), "upload complete", completeProblem is null ? [] : [completeProblem.Message]);
        }

        if (submit)
        {
            _clock.Advance(TimeSpan.FromMinutes(1));
            var loaded = await changes.LoadAsync(entry!.Id, ct);
            var submitted = await changes.SubmitAsync(loaded!, pledged: true, ct);
            Check(submitted.Succeeded, "submit", submitted.Messages);
        }

        return (entry!.Id, entry.PublicCode);
    }
}

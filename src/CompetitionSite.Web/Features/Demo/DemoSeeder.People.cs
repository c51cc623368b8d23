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
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CompetitionSite.Web.Features.Demo;

// The demo's people: the organizer, the judges, the teacher with pupils, students with accounts and profiles.
public sealed partial class DemoSeeder
{
    private async Task SeedPeopleAsync(CancellationToken ct)
    {
        await using var scope = root.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        var userManager = sp.GetRequiredService<UserManager<ApplicationUser>>();

        // PBKDF2 takes tens of milliseconds: hash the shared demo password once, give every account its own stamps.
        _passwordHash = userManager.PasswordHasher.HashPassword(new ApplicationUser(), Password);
        var people = new DemoPeople(_random);
        var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
        var userRoles = new List<IdentityUserRole<string>>();
        var usedEmails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        ApplicationUser NewUser(string name, string localPart, string role, DateTime createdAt)
        {
            var local = localPart;
            for (var n = 2; !usedEmails.Add(local); n++)
            {
                local = localPart + n.ToString(CultureInfo.InvariantCulture);
            }

            var email = $"{local}@{EmailDomain}";
            var user = new ApplicationUser
            {
                UserName = email,
                NormalizedUserName = userManager.NormalizeName(email),
                Email = email,
                NormalizedEmail = userManager.NormalizeEmail(email),
                EmailConfirmed = true,
                FullName = name,
                PreferredCulture = "id",
                CreatedAt = createdAt,
                PasswordHash = _passwordHash,
                SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            };
            db.Users.Add(user);
            userRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roleIds[role] });
            return user;
        }

        var t0 = _clock.UtcNow;
        var organizer = NewUser("Rina Marlina", "panitia", Roles.Organizer, t0);
        _organizer = (organizer.Id, organizer.FullName, organizer.Email!);
        for (var i = 1; i <= JudgeCount; i++)
        {
            var name = people.NewName();
            var judge = NewUser(name, "juri" + i.ToString("00", CultureInfo.InvariantCulture), Roles.Judge, t0.AddMinutes(i));
            _judges.Add((judge.Id, judge.FullName, judge.Email!));
        }

        var teacher = NewUser("Siti Aminah", "guru.siti", Roles.Guardian, t0.AddHours(2));
        _teacher = (teacher.Id, teacher.FullName, teacher.Email!);

        // Students: about a third at each level, from schools all over Banten.
        var profiles = new List<(ParticipantProfile Profile, ApplicationUser? User, double Skill)>();
        for (var i = 0; i < StudentsWithAccounts + PupilsOfTeacher; i++)
        {
            var pupil = i >= StudentsWithAccounts;
            var level = pupil ? SchoolLevels.SD : SchoolGrades.Levels[i % 3];
            var (from, to) = SchoolGrades.For(level);
            var grade = pupil ? _random.Next(3, 6) : _random.Next(from, to + 1);
            var name = people.NewName();
            var school = pupil ? DemoPeople.Schools.First(s => s.Level == SchoolLevels.SD && s.Regency == "Kabupaten Lebak") : people.SchoolFor(level);
            var created = t0.AddHours(3 + i * 0.7);
            var user = pupil ? null : NewUser(name, DemoPeople.EmailLocalPart(name), Roles.Student, created);

            // Age by grade (kelas 1 at 6 or 7), birthdays spread over the year: some in kelas 12 are already 18.
            var age = grade + 5 + (_random.Next(3) == 0 ? 1 : 0);
            var birth = DateOnly.FromDateTime(_now).AddYears(-age).AddDays(-_random.Next(20, 360));
            var profile = new ParticipantProfile
            {
                UserId = user?.Id,
                GuardianUserId = pupil ? teacher.Id : null,
                FullName = name,
                DateOfBirth = birth,
                SchoolName = school.Name,
                SchoolNpsn = _random.Next(3) == 0 ? null : school.Npsn,
                Level = level,
                Grade = grade,
                Province = Regions.Banten,
                Regency = school.Regency,
                Phone = pupil || _random.Next(3) == 0 ? null : "08" + _random.NextInt64(1_100_000_000, 9_999_999_999).ToString(CultureInfo.InvariantCulture)[..10],
                PublicName = _random.Next(4) == 0 ? PublicNameDisplay.FullName : PublicNameDisplay.FirstNameAndSchool,
                AllowPublicPreview = _random.Next(10) < 7,
                CreatedAt = created,
                UpdatedAt = created,
            };

            if (profile.IsMinorOn(DateOnly.FromDateTime(t0)))
            {
                var requested = created.AddMinutes(5);
                var parentName = (_random.Next(2) == 0 ? "Bapak " : "Ibu ") + people.NewName();
                profile.Consents.Add(pupil
                    ? new GuardianConsent
                    {
                        GuardianName = teacher.FullName,
                        GuardianEmail = teacher.Email!,
                        GuardianUserId = teacher.Id,
                        Status = ConsentStatus.Given,
                        Method = ConsentMethod.GuardianAccountCollectedFromParents,
                        RequestedAt = requested,
                        DecidedAt = requested,
                        DecidedFromIp = "203.0.113." + (10 + i % 200).ToString(CultureInfo.InvariantCulture),
                        DecidedUserAgent = "Mozilla/5.0 (demo data)",
                        WordingVersion = ConsentWording.Version,
                        // Derived, not drawn: the demo's random sequence (and so the rest of the demo) stays as it was.
                        AllowsPublication = profile.AllowPublicPreview,
                    }
                    : new GuardianConsent
                    {
                        GuardianName = parentName,
                        GuardianEmail = $"ortu.{DemoPeople.EmailLocalPart(name)}@{EmailDomain}",
                        Status = ConsentStatus.Given,
                        Method = ConsentMethod.EmailLink,
                        TokenHash = Convert.ToHexStringLower(SHA256.HashData(RandomNumberGenerator.GetBytes(32))),
                        RequestedAt = requested,
                        DecidedAt = requested.AddHours(2 + _random.Next(40)),
                        DecidedFromIp = "203.0.113." + (10 + i % 200).ToString(CultureInfo.InvariantCulture),
                        DecidedUserAgent = "Mozilla/5.0 (Linux; Android 13) (demo data)",
                        WordingVersion = ConsentWording.Version,
                        // Derived, not drawn: the demo's random sequence (and so the rest of the demo) stays as it was.
                        AllowsPublication = profile.AllowPublicPreview,
                    });
            }

            else if (profile.AllowPublicPreview)
            {
                // An adult who allowed a preview also agreed to the gallery (derived, so the random sequence stays as it was).
                profile.PublicationConsentAt = created;
                profile.PublicationConsentWording = ConsentWording.Version;
            }

            db.Participants.Add(profile);
            profiles.Add((profile, user, _random.NextDouble()));
        }

        await db.SaveChangesAsync(ct);
        db.UserRoles.AddRange(userRoles);
        await db.SaveChangesAsync(ct);

        foreach (var (profile, user, skill) in profiles)
        {
            _students.Add(new Person(profile.Id, user?.Id, user?.Id ?? teacher.Id, user?.Email ?? teacher.Email!, profile.FullName, user?.Email ?? teacher.Email!, profile.Level, skill));
        }
    }
}

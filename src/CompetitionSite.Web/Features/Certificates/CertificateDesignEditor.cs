using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CompetitionSite.Web.Data;
using CompetitionSite.Web.Domain.Certificates;
using CompetitionSite.Web.Features.Shared;
using CompetitionSite.Web.Infrastructure.Auditing;
using CompetitionSite.Web.Infrastructure.Imaging;
using CompetitionSite.Web.Infrastructure.Pdf;
using CompetitionSite.Web.Infrastructure.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CompetitionSite.Web.Features.Certificates;

/// <summary>The organizer's certificate design form.</summary>
public sealed class CertificateDesignForm
{
    [Display(Name = "Logo")]
    public IFormFile? Logo { get; set; }

    public bool RemoveLogo { get; set; }

    [Required(ErrorMessage = "Enter the name of the person who signs the certificates.")]
    [StringLength(150, ErrorMessage = "The name can be at most 150 characters.")]
    [Display(Name = "Signer's name")]
    public string SignerName { get; set; } = "";

    [Required(ErrorMessage = "Enter the signer's title, for example \"Ketua Panitia\".")]
    [StringLength(150, ErrorMessage = "The title can be at most 150 characters.")]
    [Display(Name = "Signer's title")]
    public string SignerTitle { get; set; } = "";

    [Display(Name = "Signature")]
    public IFormFile? Signature { get; set; }

    public bool RemoveSignature { get; set; }

    [StringLength(150, ErrorMessage = "The name can be at most 150 characters.")]
    [Display(Name = "Second signer's name (optional)")]
    public string? Signer2Name { get; set; }

    [StringLength(150, ErrorMessage = "The title can be at most 150 characters.")]
    [Display(Name = "Second signer's title")]
    public string? Signer2Title { get; set; }

    [Display(Name = "Second signature")]
    public IFormFile? Signature2 { get; set; }

    public bool RemoveSignature2 { get; set; }

    public static CertificateDesignForm From(CertificateDesign? d) => d is null
        ? new CertificateDesignForm()
        : new CertificateDesignForm
        {
            SignerName = d.SignerName,
            SignerTitle = d.SignerTitle,
            Signer2Name = d.Signer2Name,
            Signer2Title = d.Signer2Title,
        };
}

/// <summary>
/// Logo and signature images: PNG or JPEG (recognised by their first bytes, as banners are), at most 1 MB and
/// 4000 pixels a side, and readable by the PDF library — checked before anything is stored.
/// </summary>
public static class CertificateImages
{
    public const long MaxBytes = 1024 * 1024;
    public const int MaxPixels = 4000;

    public sealed record Checked(byte[] Bytes, string ContentType, string Extension);

    /// <summary>The image, or the (localized) problem with it.</summary>
    public static async Task<(Checked? Image, string? Problem)> CheckAsync(IFormFile file, string label, IStringLocalizer<CertificatesText> t, CancellationToken cancellationToken = default)
    {
        if (file.Length == 0)
        {
            return (null, t["{0}: the file is empty.", label]);
        }

        if (file.Length > MaxBytes)
        {
            return (null, t["{0}: the file is larger than 1 MB. Make it smaller and try again.", label]);
        }

        byte[] bytes;
        await using (var stream = file.OpenReadStream())
        {
            using var copy = new MemoryStream((int)file.Length);
            await stream.CopyToAsync(copy, cancellationToken);
            bytes = copy.ToArray();
        }

        var type = ImageTypes.Sniff(bytes);
        if (type is null || type.ContentType is not ("image/png" or "image/jpeg"))
        {
            return (null, t["{0}: choose a PNG or JPEG image.", label]);
        }

        // PNG states its size up front: refuse a huge one before decoding it.
        if (type.ContentType == "image/png" && bytes.Length >= 24)
        {
            var width = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16, 4));
            var height = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20, 4));
            if (width > MaxPixels || height > MaxPixels)
            {
                return (null, t["{0}: the image is {1}×{2} pixels; at most 4000 pixels on each side.", label, width, height]);
            }
        }

        try
        {
            PdfFonts.Install();
            using var document = new PdfDocument();
            var page = document.AddPage();
            using (var gfx = XGraphics.FromPdfPage(page))
            using (var image = XImage.FromStream(new MemoryStream(bytes, writable: false)))
            {
                if (image.PixelWidth > MaxPixels || image.PixelHeight > MaxPixels)
                {
                    return (null, t["{0}: the image is {1}×{2} pixels; at most 4000 pixels on each side.", label, image.PixelWidth, image.PixelHeight]);
                }

                gfx.DrawImage(image, 0, 0, 100, 100);
            }

            document.Save(Stream.Null, closeStream: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, t["{0}: the image could not be read. Save it again as PNG or JPEG and try again.", label]);
        }

        return (new Checked(bytes, type.ContentType, type.Extension), null);
    }
}

/// <summary>Saves a competition's certificate design; the change is audited. Bad input changes nothing.</summary>
public sealed class CertificateDesignEditor(
    AppDbContext db,
    IFileStore store,
    IAuditLog audit,
    TimeProvider clock,
    IStringLocalizer<CertificatesText> t,
    ILogger<CertificateDesignEditor> logger)
{
    public async Task<Outcome<int>> SaveAsync(int competitionId, CertificateDesignForm form, CancellationToken cancellationToken = default)
    {
        if (!await db.Competitions.AnyAsync(c => c.Id == competitionId, cancellationToken))
        {
            return Outcome.Failed("", t["The competition does not exist."]);
        }

        var errors = new List<FormError>();
        var signer2Name = Clean(form.Signer2Name);
        var signer2Title = Clean(form.Signer2Title);
        if (signer2Name is null && (signer2Title is not null || form.Signature2 is { Length: > 0 }))
        {
            errors.Add(new FormError(nameof(form.Signer2Name), t["Enter the second signer's name, or leave the second signer's fields empty."]));
        }
        else if (signer2Name is not null && signer2Title is null)
        {
            errors.Add(new FormError(nameof(form.Signer2Title), t["Enter the second signer's title."]));
        }

        var logo = await CheckAsync(form.Logo, nameof(form.Logo), t["Logo"], errors, cancellationToken);
        var signature = await CheckAsync(form.Signature, nameof(form.Signature), t["Signature"], errors, cancellationToken);
        var signature2 = await CheckAsync(form.Signature2, nameof(form.Signature2), t["Second signature"], errors, cancellationToken);
        if (errors.Count > 0)
        {
            return Outcome.Failed(errors);
        }

        var design = await db.CertificateDesigns.SingleOrDefaultAsync(d => d.CompetitionId == competitionId, cancellationToken);
        var isNew = design is null;
        design ??= new CertificateDesign { CompetitionId = competitionId };
        var diff = new AuditDiff()
            .Field("Signer's name", design.SignerName, form.SignerName.Trim())
            .Field("Signer's title", design.SignerTitle, form.SignerTitle.Trim())
            .Field("Second signer's name", design.Signer2Name ?? "", signer2Name ?? "")
            .Field("Second signer's title", design.Signer2Title ?? "", signer2Title ?? "");

        var stored = new List<string>();
        var replaced = new List<string>();
        try
        {
            (design.LogoFileName, design.LogoContentType) = await ApplyImageAsync(
                "Logo", design.LogoFileName, design.LogoContentType, logo, form.RemoveLogo, stored, replaced, diff, cancellationToken);
            (design.SignatureFileName, design.SignatureContentType) = await ApplyImageAsync(
                "Signature", design.SignatureFileName, design.SignatureContentType, signature, form.RemoveSignature, stored, replaced, diff, cancellationToken);
            (design.Signature2FileName, design.Signature2ContentType) = await ApplyImageAsync(
                "Second signature", design.Signature2FileName, design.Signature2ContentType, signature2, form.RemoveSignature2 || signer2Name is null, stored, replaced, diff, cancellationToken);

            if (diff.IsEmpty && !isNew)
            {
                return Outcome.Ok(competitionId);
            }

            design.SignerName = form.SignerName.Trim();
            design.SignerTitle = form.SignerTitle.Trim();
            design.Signer2Name = signer2Name;
            design.Signer2Title = signer2Name is null ? null : signer2Title;
            design.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            if (isNew)
            {
                db.CertificateDesigns.Add(design);
            }

            audit.Record("certificate-design.changed", "competition", competitionId.ToString(CultureInfo.InvariantCulture),
                diff.IsEmpty ? "Certificate design created" : diff.ToString(), competitionId);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            foreach (var name in stored)
            {
                await DeleteQuietlyAsync(name);
            }

            throw;
        }

        foreach (var name in replaced)
        {
            await DeleteQuietlyAsync(name);
        }

        return Outcome.Ok(competitionId);
    }

    private async Task<CertificateImages.Checked?> CheckAsync(IFormFile? file, string field, string label, List<FormError> errors, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return null;
        }

        var (image, problem) = await CertificateImages.CheckAsync(file, label, t, cancellationToken);
        if (problem is not null)
        {
            errors.Add(new FormError(field, problem));
        }

        return image;
    }

    private async Task<(string? Name, string? ContentType)> ApplyImageAsync(
        string what, string? currentName, string? currentType, CertificateImages.Checked? upload, bool remove,
        List<string> stored, List<string> replaced, AuditDiff diff, CancellationToken cancellationToken)
    {
        if (upload is not null)
        {
            var name = FileNames.New(upload.Extension);
            await store.SaveAsync(name, new MemoryStream(upload.Bytes, writable: false), upload.ContentType, cancellationToken);
            stored.Add(name);
            if (currentName is not null)
            {
                replaced.Add(currentName);
            }

            diff.Line(currentName is null ? $"{what}: added" : $"{what}: replaced");
            return (name, upload.ContentType);
        }

        if (remove && currentName is not null)
        {
            replaced.Add(currentName);
            diff.Line($"{what}: removed");
            return (null, null);
        }

        return (currentName, currentType);
    }

    private async Task DeleteQuietlyAsync(string name)
    {
        try
        {
            await store.DeleteAsync(name);
        }
        catch (FileStoreException e)
        {
            logger.LogWarning(e, "Could not delete the unused certificate image {Name}.", name);
        }
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

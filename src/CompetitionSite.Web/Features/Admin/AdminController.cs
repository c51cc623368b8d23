using CompetitionSite.Web.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CompetitionSite.Web.Features.Admin;

/// <summary>The organizers' start page.</summary>
[Route("admin")]
[Authorize(Policy = Roles.Organizer)]
public sealed class AdminController : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View();
}

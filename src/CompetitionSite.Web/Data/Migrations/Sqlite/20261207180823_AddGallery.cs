using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddGallery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "PublicationConsentAt",
                table: "Participants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicationConsentWording",
                table: "Participants",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowsPublication",
                table: "GuardianConsents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "GalleryHiddenAt",
                table: "Entries",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GalleryHiddenReason",
                table: "Entries",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Gallery",
                table: "Competitions",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddColumn<bool>(
                name: "HideRegionOfMinors",
                table: "Competitions",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "PublicationConsentAt",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "PublicationConsentWording",
                table: "Participants");

            migrationBuilder.DropColumn(
                name: "AllowsPublication",
                table: "GuardianConsents");

            migrationBuilder.DropColumn(
                name: "GalleryHiddenAt",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "GalleryHiddenReason",
                table: "Entries");

            migrationBuilder.DropColumn(
                name: "Gallery",
                table: "Competitions");

            migrationBuilder.DropColumn(
                name: "HideRegionOfMinors",
                table: "Competitions");
        }
    }
}

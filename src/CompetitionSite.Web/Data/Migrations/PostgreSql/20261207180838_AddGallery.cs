using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations.PostgreSql
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicationConsentWording",
                table: "Participants",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AllowsPublication",
                table: "GuardianConsents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTime>(
                name: "GalleryHiddenAt",
                table: "Entries",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GalleryHiddenReason",
                table: "Entries",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Gallery",
                table: "Competitions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "Off");

            migrationBuilder.AddColumn<bool>(
                name: "HideRegionOfMinors",
                table: "Competitions",
                type: "boolean",
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

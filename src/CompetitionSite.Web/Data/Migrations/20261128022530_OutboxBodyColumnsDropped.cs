using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CompetitionSite.Web.Data.Migrations
{
    /// <summary>
    /// Drops the outbox's old body columns after <see cref="OutboxSendersAndBodies"/> copied the bodies to
    /// OutboxMessageBodies. On SQLite this rebuilds the table, which cannot run in a transaction; on its own, so that
    /// everything before it is committed whole.
    /// </summary>
    public partial class OutboxBodyColumnsDropped : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "HtmlBody",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "TextBody",
                table: "OutboxMessages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "HtmlBody",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TextBody",
                table: "OutboxMessages",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }
    }
}

//! The feeds: Atom of published progress (one entry per stock-take: its public summary,
//! how the commitments stood, the values measured) and iCalendar of stock-take days, so
//! partners and the public can follow along in their own tools. Both are written by hand
//! (small formats, no crate needed) with their escaping rules, and both always carry the
//! public selection: a feed's address is shared freely, so it never carries members-only
//! material, whoever fetches it.

use crate::access::RequestContext;
use crate::partnerships::{today, visible};
use crate::state::AppState;
use crate::WebError;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use convene_domain::partnerships::schedule::add_days;
use convene_domain::partnerships::ReviewStatus;
use convene_domain::Date;
use convene_store::PartnershipDossier;
use std::fmt::Write;
use std::time::{SystemTime, UNIX_EPOCH};

/// Escapes text for XML content and attributes.
pub(crate) fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Escapes text for an iCalendar TEXT value (RFC 5545 3.3.11).
pub(crate) fn ical_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds an iCalendar content line at 75 octets, never inside a character, ending each
/// piece with CRLF (RFC 5545 3.1).
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        let size = ch.len_utf8();
        if width + size > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += size;
    }
    out.push_str("\r\n");
    out
}

fn now_stamp() -> (String, String) {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let day = Date::from_days_since_epoch(secs.div_euclid(86_400)).unwrap_or_else(today);
    let rem = secs.rem_euclid(86_400);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let compact = day.to_string().replace('-', "");
    (
        format!("{day}T{h:02}:{m:02}:{s:02}Z"),
        format!("{compact}T{h:02}{m:02}{s:02}Z"),
    )
}

/// The Atom document for a partnership's published progress.
pub(crate) fn atom(d: &PartnershipDossier, base_url: &str) -> String {
    let p = &d.partnership;
    let link = format!("{base_url}{}", p.path());
    let updated = d.stocktakes.first().map_or_else(
        || p.created_at.clone(),
        |s| format!("{}T00:00:00Z", s.held_on),
    );
    let mut out = String::new();
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<subtitle>{}</subtitle>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<link rel=\"self\" href=\"{}/feed.atom\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml(&format!("{}: progress", p.name)),
        xml(&p.vision),
        xml(&link),
        xml(&link),
        xml(&link),
        xml(&updated),
        xml(&p.convened_by.name),
    );
    for s in &d.stocktakes {
        let day = s.held_on;
        let mut counts = [0usize; 4];
        for history in d.status_history.values() {
            if let Some((_, status)) = history.iter().find(|(on, _)| *on == day) {
                let i = ReviewStatus::ALL
                    .iter()
                    .position(|x| x == status)
                    .unwrap_or(0);
                counts[i] += 1;
            }
        }
        let mut body = String::new();
        if !s.summary.is_empty() {
            let _ = writeln!(body, "{}\n", s.summary);
        }
        let statuses: Vec<String> = ReviewStatus::ALL
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(status, n)| format!("{n} {}", status.label().to_lowercase()))
            .collect();
        if !statuses.is_empty() {
            let _ = writeln!(body, "Commitments: {}.", statuses.join(", "));
        }
        for g in &d.goals {
            if let Some(m) = d
                .series
                .get(&g.id)
                .and_then(|ms| ms.iter().find(|m| m.on == day))
            {
                let _ = writeln!(
                    body,
                    "{}: {} (baseline {}, target {} by {}).",
                    g.title,
                    g.show(m.value),
                    g.show(g.baseline),
                    g.show(g.target),
                    g.deadline.long()
                );
            }
        }
        let entry_link = format!("{link}/stocktakes/{}", s.id.0);
        let _ = write!(
            out,
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<updated>{}T00:00:00Z</updated>\n<content type=\"text\">{}</content>\n</entry>\n",
            xml(&format!("Stock-take of {}", day.long())),
            xml(&entry_link),
            xml(&entry_link),
            day,
            xml(body.trim_end()),
        );
    }
    out.push_str("</feed>\n");
    out
}

/// The iCalendar document of a partnership's stock-take days: those held, and those
/// scheduled for the next two years.
pub(crate) fn ical(d: &PartnershipDossier, base_url: &str, today: Date) -> String {
    let p = &d.partnership;
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split('/')
        .next()
        .unwrap_or("convene");
    let link = format!("{base_url}{}", p.path());
    let (_, stamp) = now_stamp();
    let mut days: Vec<Date> = d.stocktakes.iter().map(|s| s.held_on).collect();
    days.extend(p.schedule().dates(today, add_days(today, 731)));
    days.sort();
    days.dedup();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Convene//Partnerships//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!(
            "X-WR-CALNAME:{}",
            ical_text(&format!("{}: stock-takes", p.name))
        ),
    ] {
        out.push_str(&fold(&line));
    }
    for day in days {
        let compact = day.to_string().replace('-', "");
        let next = add_days(day, 1).to_string().replace('-', "");
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:stocktake-{}-{compact}@{host}", p.id.0),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{compact}"),
            format!("DTEND;VALUE=DATE:{next}"),
            format!("SUMMARY:{}", ical_text(&format!("Stock-take: {}", p.name))),
            format!(
                "DESCRIPTION:{}",
                ical_text(&format!("Stock-take of the partnership {}. {link}", p.name))
            ),
            format!("URL:{link}"),
            "END:VEVENT".to_string(),
        ] {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

/// `GET /partnerships/{id}/feed.atom`.
pub(crate) async fn atom_feed(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let dossier = state
        .store()
        .partnership_dossier(&seen.partnership, false)
        .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        atom(&dossier, &state.config().public_url),
    )
        .into_response())
}

/// `GET /partnerships/{id}/stocktakes.ics`.
pub(crate) async fn calendar(
    State(state): State<AppState>,
    context: RequestContext,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let seen = visible(&state, &context, &id).await?;
    let dossier = state
        .store()
        .partnership_dossier(&seen.partnership, false)
        .await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "text/calendar; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "inline; filename=\"partnership-{}.ics\"",
                    dossier.partnership.id.0
                ),
            ),
        ],
        ical(&dossier, &state.config().public_url, today()),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_each_format() {
        assert_eq!(xml("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(ical_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn long_lines_fold_without_splitting_a_character() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for piece in folded.split("\r\n").filter(|p| !p.is_empty()) {
            assert!(piece.len() <= 75, "{piece}");
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }
}

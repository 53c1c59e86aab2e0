//! Comparisons of authorities checked against an independent computation from the raw
//! published files: ranks, quartile bands, directions of travel and comparator medians are
//! worked out here from DfE's CSV files and neighbour model with nothing but the `csv` crate,
//! and must equal what the built site's downloads say.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use auditpress::BuildOptions;

fn build_example(into: &Path) -> PathBuf {
    let options = BuildOptions::new(common::repo().join("content"));
    let site = into.join("site");
    auditpress::build(&options, &site).unwrap_or_else(|e| panic!("{e}"));
    site
}

fn records(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The rows of a download before its blank line and notes.
fn download(path: &Path) -> Vec<Vec<String>> {
    let (_, rows) = records(path);
    rows.into_iter()
        .take_while(|r| !(r.len() == 1 && r[0].is_empty()))
        .collect()
}

/// A published value as DfE writes it: a number, or nothing for a symbol.
fn number(text: &str) -> Option<f64> {
    text.trim().replace(',', "").parse().ok()
}

/// Rounds half away from zero, as official statistics round (a figure written 22.65 is 22.7
/// even though binary floating point holds it as 22.6499...), then writes `decimals` places.
fn show(x: f64, decimals: i32, suffix: &str) -> String {
    let scaled = x.abs() * 10f64.powi(decimals);
    let as_written = (scaled * 1e6).round() / 1e6;
    let units = (as_written + 0.5).floor() as u64;
    let digits = if decimals == 0 {
        let s = units.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    } else {
        let s = format!("{units:0>width$}", width = decimals as usize + 1);
        let (whole, fraction) = s.split_at(s.len() - decimals as usize);
        format!("{whole}.{fraction}")
    };
    let sign = if x < 0.0 && units > 0 { "-" } else { "" };
    format!("{sign}{digits}{suffix}")
}

/// Quartiles by linear interpolation between order statistics (Excel's QUARTILE.INC).
fn quartile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let (below, above) = (position.floor() as usize, position.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    quartile(&sorted, 0.5)
}

/// (period, authority code or number) -> its value, `None` for a symbol.
type ByPeriod = BTreeMap<(String, String), Option<f64>>;

struct Indicator {
    file: &'static str,
    column: &'static str,
    filter: Option<(&'static str, &'static str)>,
    lower_is_better: bool,
    neutral: bool,
    decimals: i32,
    suffix: &'static str,
    page: &'static str,
    trend_file: &'static str,
}

/// Each authority's value in each period: (period, new_la_code) -> value or symbol.
fn values(indicator: &Indicator) -> (ByPeriod, BTreeMap<String, String>, ByPeriod) {
    let (header, rows) = records(
        &common::repo()
            .join("content/indicators")
            .join(indicator.file),
    );
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (period, level, code, name, old, value) = (
        col("time_period"),
        col("geographic_level"),
        col("new_la_code"),
        col("la_name"),
        col("old_la_code"),
        col(indicator.column),
    );
    let filter = indicator.filter.map(|(k, v)| (col(k), v));
    let mut out = BTreeMap::new();
    let mut names = BTreeMap::new();
    let mut by_number = BTreeMap::new();
    for row in rows {
        if row[level] != "Local authority" {
            continue;
        }
        if let Some((c, v)) = filter
            && row[c] != v
        {
            continue;
        }
        out.insert(
            (row[period].clone(), row[code].clone()),
            number(&row[value]),
        );
        names.insert(row[code].clone(), row[name].clone());
        // The neighbour model names authorities by DfE's number, which stays the same when
        // an authority is re-coded (Buckinghamshire's ONS code changed in 2020).
        by_number.insert((row[period].clone(), row[old].clone()), number(&row[value]));
    }
    (out, names, by_number)
}

fn check_indicator(site: &Path, indicator: &Indicator) {
    let (values, names, by_number) = values(indicator);
    let mut periods: Vec<&String> = values.keys().map(|(p, _)| p).collect();
    periods.sort();
    periods.dedup();
    let latest = periods.last().unwrap().to_string();
    let previous = periods[periods.len() - 2].to_string();
    let latest_values: Vec<(String, f64)> = values
        .iter()
        .filter(|((p, _), _)| *p == latest)
        .filter_map(|((_, c), v)| v.map(|v| (c.clone(), v)))
        .collect();
    let better = |a: f64, b: f64| {
        if indicator.lower_is_better {
            a < b
        } else {
            a > b
        }
    };
    let mut sorted: Vec<f64> = latest_values.iter().map(|(_, v)| *v).collect();
    sorted.sort_by(f64::total_cmp);
    let (q1, q2, q3) = (
        quartile(&sorted, 0.25),
        quartile(&sorted, 0.5),
        quartile(&sorted, 0.75),
    );
    let written = download(&site.join(indicator.page).join("data/all-authorities.csv"));
    let by_name: BTreeMap<&str, &Vec<String>> =
        written.iter().map(|r| (r[0].as_str(), r)).collect();
    assert_eq!(
        written.iter().filter(|r| !r[1].is_empty()).count(),
        latest_values.len(),
        "every authority with a figure is ranked"
    );
    for (code, value) in &latest_values {
        let rank = 1 + latest_values
            .iter()
            .filter(|(_, o)| better(*o, *value))
            .count();
        let quarter = if *value >= q3 {
            4
        } else if *value >= q2 {
            3
        } else if *value >= q1 {
            2
        } else {
            1
        };
        let band = match (indicator.neutral, indicator.lower_is_better) {
            (true, _) => [
                "Lowest quarter",
                "Lower middle quarter",
                "Upper middle quarter",
                "Highest quarter",
            ][quarter - 1]
                .to_string(),
            (false, true) => ["A", "B", "C", "D"][quarter - 1].to_string(),
            (false, false) => ["D", "C", "B", "A"][quarter - 1].to_string(),
        };
        let trend = match values
            .get(&(previous.clone(), code.clone()))
            .copied()
            .flatten()
        {
            Some(before) if (value - before).abs() < 0.5 * 10f64.powi(-indicator.decimals) => {
                "no change"
            }
            Some(before) => match (
                indicator.neutral,
                indicator.lower_is_better,
                *value > before,
            ) {
                (true, _, true) => "increasing",
                (true, _, false) => "decreasing",
                (false, true, true) | (false, false, false) => "worsening",
                (false, true, false) | (false, false, true) => "improving",
            },
            None => "",
        };
        let name = &names[code];
        let row = by_name
            .get(name.as_str())
            .unwrap_or_else(|| panic!("{name} is in the ranked table of {}", indicator.page));
        assert_eq!(
            row[1],
            rank.to_string(),
            "{name}'s rank on {}",
            indicator.page
        );
        assert_eq!(
            row[2],
            show(*value, indicator.decimals, indicator.suffix),
            "{name}'s value"
        );
        assert_eq!(row[3], band, "{name}'s band on {}", indicator.page);
        if !trend.is_empty() {
            assert_eq!(
                row[4], trend,
                "{name}'s direction of travel on {}",
                indicator.page
            );
        }
    }

    // Sutton (DfE number 319) against its ten statistical neighbours, in every period.
    let (sn_header, sn_rows) =
        records(&common::repo().join("content/indicators/sn_model_2025_wide.csv"));
    let sutton = sn_rows.iter().find(|r| r[0] == "319").unwrap();
    let neighbours: Vec<&String> = (1..=10)
        .map(|n| {
            let column = sn_header
                .iter()
                .position(|h| *h == format!("SN_{n}"))
                .unwrap();
            &sutton[column]
        })
        .collect();
    let trend = download(
        &site
            .join("authorities/sutton/data")
            .join(indicator.trend_file),
    );
    assert_eq!(trend.len(), periods.len(), "a row per period");
    for row in &trend {
        let period = periods
            .iter()
            .find(|p| row[0].starts_with(&p[..4]))
            .unwrap_or_else(|| panic!("period {}", row[0]));
        let figures: Vec<f64> = neighbours
            .iter()
            .filter_map(|number| {
                by_number
                    .get(&(period.to_string(), number.to_string()))
                    .copied()
                    .flatten()
            })
            .collect();
        if figures.is_empty() {
            continue;
        }
        let lowest = figures.iter().copied().fold(f64::INFINITY, f64::min);
        let highest = figures.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        assert_eq!(
            row[2],
            show(median(&figures), indicator.decimals, indicator.suffix),
            "median in {period}"
        );
        assert_eq!(
            row[3],
            show(lowest, indicator.decimals, indicator.suffix),
            "lowest in {period}"
        );
        assert_eq!(
            row[4],
            show(highest, indicator.decimals, indicator.suffix),
            "highest in {period}"
        );
    }
}

#[test]
fn ranks_bands_trends_and_medians_equal_an_independent_computation() {
    let dir = tempfile::tempdir().unwrap();
    let site = build_example(dir.path());
    check_indicator(
        &site,
        &Indicator {
            file: "cla_number_and_rate_per_10k_children.csv",
            column: "rate_per_10000",
            filter: Some((
                "population_type",
                "Children looked after on 31 March each year",
            )),
            lower_is_better: false,
            neutral: true,
            decimals: 0,
            suffix: " per 10,000",
            page: "comparisons/indicators/children-looked-after/looked-after",
            trend_file: "trend-children-looked-after-looked-after-figures.csv",
        },
    );
    check_indicator(
        &site,
        &Indicator {
            file: "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
            column: "rereferral_percent",
            filter: None,
            lower_is_better: true,
            neutral: false,
            decimals: 1,
            suffix: "%",
            page: "comparisons/indicators/referrals/re-referrals",
            trend_file: "trend-referrals-re-referrals-figures.csv",
        },
    );
}

/// Oflog's adult social care file: a tidy file with its own column names and periods written
/// "2022-23", with blanks, and its nearest-neighbour mapping in JSON (each area listed among
/// its own neighbours, and districts that have no figures).
#[test]
fn oflogs_file_and_nearest_neighbours_build_from_their_yaml_alone() {
    let project = common::Project::new();
    let fixtures = common::repo().join("tests/fixtures/oflog-asc");
    for file in ["ASC_data.csv", "NN.json"] {
        project.write(
            &format!("indicators/{file}"),
            std::fs::read(fixtures.join(file)).unwrap(),
        );
    }
    project.write(
        "indicators/adult-social-care.yaml",
        "title: Adult social care outcomes\n\
         source: Office for Local Government, Local Authority Data Explorer (official statistics, Open Government Licence v3.0)\n\
         file: ASC_data.csv\n\
         format: tidy\n\
         columns: {area_code: Local authority code, area_name: Local authority name, period: Financial year, indicator: Code, label: Measure, value: Value}\n\
         comparators: NN.json\n",
    );
    let output = project.run(&["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // Independently: the latest year's figures for ASC1, blanks left out.
    let (header, rows) = records(&fixtures.join("ASC_data.csv"));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let latest = rows
        .iter()
        .filter(|r| r[col("Code")] == "ASC1")
        .map(|r| r[col("Financial year")].clone())
        .max()
        .unwrap();
    let figures: Vec<(String, f64)> = rows
        .iter()
        .filter(|r| r[col("Financial year")] == latest && r[col("Code")] == "ASC1")
        .filter_map(|r| {
            number(&r[col("Value")]).map(|v| (r[col("Local authority name")].clone(), v))
        })
        .collect();
    let blanks = rows
        .iter()
        .filter(|r| r[col("Financial year")] == latest && r[col("Code")] == "ASC1")
        .filter(|r| r[col("Value")].trim().is_empty())
        .count();
    let written = download(
        &project
            .site()
            .join("comparisons/indicators/adult-social-care/asc1/data/all-authorities.csv"),
    );
    let ranked: Vec<&Vec<String>> = written.iter().filter(|r| !r[1].is_empty()).collect();
    let unranked: Vec<&Vec<String>> = written.iter().filter(|r| r[1].is_empty()).collect();
    assert_eq!(ranked.len(), figures.len(), "every figure is ranked");
    assert_eq!(unranked.len(), blanks, "every blank is listed, not dropped");
    assert!(unranked.iter().all(|r| r[2] == "[blank]"), "{unranked:?}");
    // Higher is better unless the YAML says otherwise: the best first.
    let best = figures
        .iter()
        .map(|(_, v)| *v)
        .fold(f64::NEG_INFINITY, f64::max);
    assert_eq!(ranked[0][1], "1");
    assert_eq!(number(&ranked[0][2]), Some(best));

    // An authority's comparators exclude itself and name the areas left out.
    let page =
        std::fs::read_to_string(project.site().join("authorities/sutton/index.html")).unwrap();
    assert!(
        page.contains("nearest neighbours"),
        "Sutton is compared with its neighbours"
    );
    assert!(page.contains("codes in the file, of districts and other areas that are not social care authorities, are left out"));
    assert!(
        page.contains("Office for Local Government"),
        "the source is named"
    );
}

/// A tidy file with headings of its own, an extra column, two measures of one indicator and
/// every missing-value symbol: it builds from its YAML alone, each symbol is listed with its
/// meaning, and no symbol is counted as a number in ranks, bands or medians.
#[test]
fn a_tidy_file_of_its_own_shape_builds_and_every_symbol_is_kept() {
    let project = common::Project::new();
    // Twelve London boroughs; the last eleven carry a symbol each in 2024.
    let codes = [
        ("E09000002", "Barking and Dagenham", "10"),
        ("E09000003", "Barnet", "20"),
        ("E09000004", "Bexley", "30"),
        ("E09000005", "Brent", "c"),
        ("E09000006", "Bromley", "[x]"),
        ("E09000007", "Camden", "z"),
        ("E09000008", "Croydon", "u"),
        ("E09000009", "Ealing", "low"),
        ("E09000010", "Enfield", "k"),
        ("E09000011", "Greenwich", ":"),
        ("E09000012", "Hackney", "~"),
        ("E09000013", "Hammersmith and Fulham", ""),
        ("E09000014", "Haringey", "NA"),
        ("E09000029", "Sutton", "40"),
    ];
    let mut csv = String::from("LA code,Authority,Year,Metric,Measure type,Figure,Notes\n");
    for (code, name, value) in codes {
        csv.push_str(&format!(
            "{code},{name},2023/24,timeliness,percent,{value},checked\n"
        ));
        csv.push_str(&format!("{code},{name},2023/24,timeliness,count,5,\n"));
        csv.push_str(&format!("{code},{name},2022/23,timeliness,percent,25,\n"));
    }
    csv.push_str("E92000001,England,2023/24,timeliness,percent,24.5,\n");
    project.write("indicators/timeliness.csv", csv);
    project.write(
        "indicators/timeliness.yaml",
        "title: Assessments on time\n\
         source: A made-up test file\n\
         file: timeliness.csv\n\
         format: tidy\n\
         columns: {area_code: LA code, area_name: Authority, period: Year, indicator: Metric, measure: Measure type, value: Figure}\n\
         comparators: region\n\
         indicators:\n  on-time:\n    column: timeliness\n    measure: percent\n    label: Assessments completed on time\n    unit: percent\n    decimals: 1\n",
    );
    let output = project.run(&["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = project
        .site()
        .join("comparisons/indicators/timeliness/on-time");
    let rows = download(&page.join("data/all-authorities.csv"));
    let ranked: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| !r[1].is_empty())
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Sutton", "1", "40.0%"),
            ("Bexley", "2", "30.0%"),
            ("Barnet", "3", "20.0%"),
            ("Barking and Dagenham", "4", "10.0%")
        ],
        "only the four numbers are ranked"
    );
    let symbols: BTreeMap<&str, &str> = rows
        .iter()
        .filter(|r| r[1].is_empty())
        .map(|r| (r[0].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(symbols["Brent"], "[c]");
    assert_eq!(symbols["Bromley"], "[x]");
    assert_eq!(symbols["Camden"], "[z]");
    assert_eq!(symbols["Croydon"], "[u]");
    assert_eq!(symbols["Ealing"], "[low]");
    assert_eq!(symbols["Enfield"], "[k]");
    assert_eq!(symbols["Greenwich"], "[:]");
    assert_eq!(symbols["Hackney"], "[~]");
    assert_eq!(symbols["Hammersmith and Fulham"], "[blank]");
    assert_eq!(symbols["Haringey"], "[blank]");
    let (_, all) = records(&page.join("data/all-authorities.csv"));
    let key: Vec<String> = all
        .iter()
        .filter(|r| r[0].starts_with('['))
        .map(|r| format!("{} {}", r[0], r[1]))
        .collect();
    assert_eq!(
        key,
        [
            "[c] confidential: suppressed by the publisher to protect people",
            "[x] not available",
            "[z] not applicable",
            "[u] low reliability",
            "[low] a small number that rounds to zero, but is not zero",
            "[k] less than 0.5%",
            "[:] not available",
            "[~] rounds to zero",
            "[blank] no figure published",
        ],
        "every symbol in the table is explained in its download"
    );
    // Sutton against the rest of London: the median of the three London numbers besides its
    // own (10, 20, 30), with the ten boroughs without a figure named, never counted as zero.
    let sutton =
        std::fs::read_to_string(project.site().join("authorities/sutton/index.html")).unwrap();
    assert!(sutton.contains("20.0%"), "the median of 10, 20 and 30");
    assert!(
        sutton.contains("3 of "),
        "{}",
        &sutton[sutton.find("have a figure").map_or(0, |i| i - 200)..]
    );
}

/// A starter project with DfE's children looked after file and neighbour model beside it.
fn project_with_indicators() -> common::Project {
    let project = common::Project::new();
    let example = common::repo().join("content/indicators");
    for file in [
        "children-looked-after.yaml",
        "cla_number_and_rate_per_10k_children.csv",
        "sn_model_2025_wide.csv",
    ] {
        project.write(
            &format!("indicators/{file}"),
            std::fs::read(example.join(file)).unwrap(),
        );
    }
    project
}

#[test]
fn typos_in_indicator_directives_name_file_line_and_fix() {
    let project = project_with_indicators();
    project.write(
        "pages/published.md",
        "---\ntitle: Published\n---\n\n\
         - A {{ indicator(name=\"children-looked-after/looked-afer\", authority=\"sutton\") }}\n\
         - B {{ indicator(name=\"children-looked-after/looked-after\", authority=\"suton\") }}\n\
         - C {{ indicator(name=\"children-looked-after/looked-after\", authority=\"sutton\", period=\"1999\") }}\n\
         - D {{ indicator(name=\"children-looked-after/looked-after\", authority=\"sutton\", show=\"mean\") }}\n\
         - E {{ compare(name=\"children-looked-after/looked-after\") }}\n",
    );
    assert_eq!(
        project.problems(),
        [
            "pages/published.md:5:23: there is no indicator `children-looked-after/looked-afer`\n  help: did you mean `children-looked-after/looked-after`?",
            "pages/published.md:6:71: there is no authority `suton`\n  help: did you mean `luton`?",
            "pages/published.md:7:88: `children-looked-after/looked-after` has no period `1999`\n  help: its periods are: 2021, 2022, 2023, 2024, 2025, or latest",
            "pages/published.md:8:86: `show` cannot be `mean`\n  help: use value, centre, england, rank, band",
            "pages/published.md:9:5: `compare` needs `authority`\n  help: add authority=\"sutton\"",
        ]
    );
}

#[test]
fn indicator_figures_in_prose_carry_their_source() {
    let project = project_with_indicators();
    project.write(
        "pages/published.md",
        "---\ntitle: Published\n---\n\n\
         Sutton: {{ indicator(name=\"children-looked-after/looked-after\", authority=\"sutton\", period=\"2021\") }};\n\
         England: {{ indicator(name=\"children-looked-after/looked-after\", authority=\"sutton\", show=\"england\") }};\n\
         rank: {{ indicator(name=\"children-looked-after/looked-after\", authority=\"sutton\", show=\"rank\") }}.\n\n\
         {{ chart(kind=\"ranked\", indicator=\"children-looked-after/looked-after\", authority=\"sutton\", title=\"Sutton is in the lower half\") }}\n",
    );
    let output = project.run(&["build"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let html = std::fs::read_to_string(project.site().join("pages/published/index.html")).unwrap();
    let (values, _, _) = values(&Indicator {
        file: "cla_number_and_rate_per_10k_children.csv",
        column: "rate_per_10000",
        filter: Some((
            "population_type",
            "Children looked after on 31 March each year",
        )),
        lower_is_better: false,
        neutral: true,
        decimals: 0,
        suffix: " per 10,000",
        page: "",
        trend_file: "",
    });
    let sutton_2021 = values[&("2021".to_string(), "E09000029".to_string())].unwrap();
    assert!(
        html.contains(&format!(
            ">{}<a class=\"figure__ref\"",
            show(sutton_2021, 0, " per 10,000")
        )),
        "Sutton's 2021 figure is quoted"
    );
    assert!(
        html.contains(">67 per 10,000<a class=\"figure__ref\""),
        "England's 2025 figure"
    );
    assert!(
        html.contains("Published statistics: Department for Education"),
        "each note names the source"
    );
    assert!(
        html.contains("highest of 1"),
        "the rank says which way it counts"
    );
    // The ranked chart picks Sutton out by shape and name, and its neighbours by shape.
    assert!(html.contains("<title id=\"chart-1-title\">Sutton is in the lower half</title>"));
    let data = download(
        &project
            .site()
            .join("pages/published/data/chart-1-figures.csv"),
    );
    assert_eq!(
        data.iter()
            .filter(|r| r[0].ends_with("(this authority)"))
            .count(),
        1
    );
    assert_eq!(
        data.iter()
            .filter(|r| r[0].ends_with("(comparator)"))
            .count(),
        10
    );
}

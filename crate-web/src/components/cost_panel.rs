//! The monthly cost estimate, recomputed with every change like the diagram: the region and
//! usage assumptions as inputs, the total with its fixed and usage parts, the five biggest
//! lines as bars, the lines by AWS service, what has no price, and the savings, each applied
//! to the config with one click.

use std::rc::Rc;

use fargate_stack::cost::prices::REGIONS;
use fargate_stack::cost::{CostInput, Estimate, Usage};
use serde_json::Value;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Props of [`CostPanel`].
#[derive(Properties, PartialEq)]
pub struct CostPanelProps {
    /// The last estimate of a valid config.
    pub estimate: Rc<Estimate>,
    /// The region and usage it assumes.
    pub input: Rc<CostInput>,
    /// Whether it matches the config (false while the config has problems).
    pub current: bool,
    /// Change the region or usage.
    pub oninput: Callback<CostInput>,
    /// Set a config path to a value (a saving).
    pub onapply: Callback<(String, Value)>,
}

type UsageField = (&'static str, &'static str, fn(&mut Usage) -> &mut f64);

/// The usage inputs: id suffix, label, field.
const USAGE: [UsageField; 10] = [
    ("requestsPerMonth", "Requests a month", |u| {
        &mut u.requests_per_month
    }),
    ("averageResponseKib", "Average response, KiB", |u| {
        &mut u.average_response_kib
    }),
    ("natGibPerMonth", "NAT traffic, GiB a month", |u| {
        &mut u.nat_gib_per_month
    }),
    ("logGibPerService", "Logs per service, GiB a month", |u| {
        &mut u.log_gib_per_service
    }),
    ("imageGibPerRepository", "Images per repository, GiB", |u| {
        &mut u.image_gib_per_repository
    }),
    ("bucketGib", "Bucket storage, GiB", |u| &mut u.bucket_gib),
    ("bucketPutsPerMonth", "Bucket writes a month", |u| {
        &mut u.bucket_puts_per_month
    }),
    ("bucketGetsPerMonth", "Bucket reads a month", |u| {
        &mut u.bucket_gets_per_month
    }),
    ("queueMessagesPerMonth", "Queue messages a month", |u| {
        &mut u.queue_messages_per_month
    }),
    ("jobMinutesPerRun", "Minutes per job run", |u| {
        &mut u.job_minutes_per_run
    }),
];

/// Dollars with cents and thousands separators: `$1,234.50`.
pub fn dollars(amount: f64) -> String {
    let cents = (amount * 100.0).round() as i64;
    let (sign, cents) = if cents < 0 {
        ("-", -cents)
    } else {
        ("", cents)
    };
    let whole = super::json_view::grouped(usize::try_from(cents / 100).unwrap_or(0));
    format!("{sign}${whole}.{:02}", cents % 100)
}

fn value_of(e: &Event) -> String {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value())
        .or_else(|| {
            e.target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
        })
        .unwrap_or_default()
}

/// The cost panel.
#[function_component]
pub fn CostPanel(props: &CostPanelProps) -> Html {
    let e = &props.estimate;
    // Both region selects show one choice; a touched select ignores later `selected`
    // attributes, so its value is set directly.
    let region_ref = use_node_ref();
    {
        let region_ref = region_ref.clone();
        use_effect_with(props.input.region.clone(), move |region| {
            if let Some(select) = region_ref.cast::<web_sys::HtmlSelectElement>() {
                select.set_value(region);
            }
        });
    }
    let onregion = {
        let (input, oninput) = (props.input.clone(), props.oninput.clone());
        Callback::from(move |ev: Event| {
            let mut next = (*input).clone();
            next.region = value_of(&ev);
            oninput.emit(next);
        })
    };
    let usage = USAGE.iter().map(|&(id, label, field)| {
        let mut u = props.input.usage.clone();
        let value = *field(&mut u);
        let onchange = {
            let (input, oninput) = (props.input.clone(), props.oninput.clone());
            Callback::from(move |ev: Event| {
                if let Ok(v) = value_of(&ev).trim().parse::<f64>() {
                    if v.is_finite() && v >= 0.0 {
                        let mut next = (*input).clone();
                        *field(&mut next.usage) = v;
                        oninput.emit(next);
                    }
                }
            })
        };
        html! {
            <label class="usage">
                <span>{label}</span>
                <input type="number" min="0" id={format!("usage-{id}")} value={value.to_string()} {onchange} />
            </label>
        }
    });

    // Lines by AWS service, in the order the estimate lists them.
    let mut groups: Vec<(&str, Vec<&fargate_stack::cost::Line>, f64)> = Vec::new();
    for line in &e.lines {
        match groups.iter_mut().find(|g| g.0 == line.service) {
            Some(g) => {
                g.1.push(line);
                g.2 += line.monthly;
            }
            None => groups.push((&line.service, vec![line], line.monthly)),
        }
    }
    let mut biggest: Vec<_> = e.lines.iter().filter(|l| l.monthly > 0.0).collect();
    // The core's one sort: another `sort_by` would be another copy of the sorting code.
    fargate_stack::order::sort_by(&mut biggest, |a, b| b.monthly.total_cmp(&a.monthly));
    biggest.truncate(5);
    let top = biggest.first().map_or(1.0, |l| l.monthly.max(0.01));
    let bars = biggest.iter().enumerate().map(|(i, l)| {
        let y = i * 22;
        let w = (l.monthly / top * 200.0).max(1.0);
        html! {
            <g>
                <title>{format!("{} {}: {}", l.logical_id, l.item, dollars(l.monthly))}</title>
                <text x="0" y={(y + 14).to_string()}>{&l.logical_id}</text>
                <rect x="150" y={(y + 3).to_string()} width={format!("{w:.1}")} height="14" />
                <text x={format!("{:.1}", 156.0 + w)} y={(y + 14).to_string()}>{dollars(l.monthly)}</text>
            </g>
        }
    });
    let chart_height = (biggest.len() * 22).to_string();

    html! {
        <section class="panel cost" aria-labelledby="h-cost">
            <header class="panel-head">
                <h2 id="h-cost">{"Monthly cost"}</h2>
                <label class="region">{"Region "}
                    <select id="cost-region" onchange={onregion} ref={region_ref}>
                        { for REGIONS.iter().map(|r| html! {
                            <option value={r.region} selected={r.region == props.input.region}>{r.region}</option>
                        }) }
                    </select>
                </label>
            </header>
            <div class={classes!("cost-body", (!props.current).then_some("stale"))} id="cost"
                data-current={props.current.to_string()}>
                if !props.current {
                    <p class="stale-note">{"The estimate of the last valid config; fix the problems to update it."}</p>
                }
                <p class="total"><strong id="cost-total" data-total={e.total_monthly.to_string()}>{dollars(e.total_monthly)}</strong>
                    {format!(" a month in {}: {} fixed, {} from usage (prices of {}).",
                        e.region, dollars(e.fixed_monthly), dollars(e.usage_monthly), e.price_date)}</p>
                if !biggest.is_empty() {
                    <svg class="bars" role="img" aria-label="The five biggest lines" width="100%" height={chart_height.clone()}
                        viewBox={format!("0 0 420 {chart_height}")}>
                        { for bars }
                    </svg>
                }
                if !e.savings.is_empty() {
                    <h3>{"Savings"}</h3>
                    <ul class="savings" id="cost-savings">
                        { for e.savings.iter().map(|s| {
                            let onclick = {
                                let (onapply, path, value) = (props.onapply.clone(), s.path.clone(), s.value.clone());
                                Callback::from(move |_: MouseEvent| onapply.emit((path.clone(), value.clone())))
                            };
                            html! {
                                <li data-path={s.path.clone()}>
                                    <button type="button" aria-label={format!("Apply: {}", s.title)} {onclick}>{"Apply"}</button>
                                    {" "}<strong>{&s.title}</strong>{format!(" saves {} a month. ", dollars(s.monthly))}
                                    <small>{&s.trade_off}</small>
                                </li>
                            }
                        }) }
                    </ul>
                }
                <table class="cost-lines" id="cost-lines">
                    <thead><tr><th scope="col">{"Item"}</th><th scope="col" class="num">{"Monthly"}</th></tr></thead>
                    { for groups.iter().map(|(service, lines, sum)| html! {
                        <tbody data-service={service.to_string()}>
                            <tr class="service"><th scope="rowgroup">{*service}</th><td class="num">{dollars(*sum)}</td></tr>
                            { for lines.iter().map(|l| html! {
                                <tr title={l.note.clone()} data-id={l.logical_id.clone()}>
                                    <td>{format!("{} · {}", l.logical_id, l.item)}
                                        if !l.note.is_empty() { <small>{" "}{&l.note}</small> }</td>
                                    <td class="num">{dollars(l.monthly)}</td>
                                </tr>
                            }) }
                        </tbody>
                    }) }
                </table>
                if !e.unpriced.is_empty() {
                    <h3>{"Not priced"}</h3>
                    <ul class="unpriced" id="cost-unpriced">
                        { for e.unpriced.iter().map(|u| html! { <li>{format!("{}: {}", u.logical_id, u.item)}</li> }) }
                    </ul>
                }
                <details class="assumptions">
                    <summary>{"Usage assumptions"}</summary>
                    <div class="usage-fields">{ for usage }</div>
                </details>
            </div>
        </section>
    }
}

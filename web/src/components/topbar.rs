//! The top bar: title, seed, and the clock (pause/play, speed, time).

use super::Ctx;
use crate::model::{FAST_FORWARDS, SPEEDS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    pub rev: u64,
    pub seed: u64,
    pub playing: bool,
    pub speed: u32,
    pub elapsed: String,
    pub now: String,
}

#[function_component(TopBar)]
pub fn top_bar(p: &TopBarProps) -> Html {
    let ctx = use_context::<Ctx>().expect("Ctx provided by App");
    let toggle = {
        let ctx = ctx.clone();
        let playing = p.playing;
        Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_playing(!playing)))
    };
    let speeds = SPEEDS.iter().map(|&s| {
        let ctx = ctx.clone();
        let on = s == p.speed;
        let onclick = Callback::from(move |_: MouseEvent| ctx.update(|m| m.set_speed(s)));
        html! {
            <button class={classes!("speed", on.then_some("on"))} aria-pressed={on.to_string()}
                title={format!("Run the simulated clock at {s}x")} {onclick}>
                { format!("{s}x") }
            </button>
        }
    });
    let forwards = FAST_FORWARDS.iter().map(|&(label, ms)| {
        let ctx = ctx.clone();
        let onclick = Callback::from(move |_: MouseEvent| ctx.update(|m| m.fast_forward(ms)));
        html! {
            <button class="ff" aria-label={format!("Fast-forward {}", &label[1..])}
                title={format!("Move the simulated clock forward {} (a step each frame)", &label[1..])} {onclick}>
                { label }
            </button>
        }
    });
    let (label, icon) = if p.playing {
        (
            "Pause clock",
            html! { <path d="M5 3h3v10H5zM10 3h3v10h-3z" /> },
        )
    } else {
        ("Play clock", html! { <path d="M5 3l9 5-9 5z" /> })
    };
    html! {
        <header class="topbar">
            <div class="brand">
                <svg class="logo" viewBox="0 0 32 32" aria-hidden="true">
                    <path class="logo-hex" d="M16 2l12 6.5v15L16 30 4 23.5v-15z" />
                    <circle class="logo-hub" cx="16" cy="16" r="4.2" />
                    <path class="logo-spokes" d="M16 7v5M16 20v5M8.2 11.5l4.3 2.5M19.5 18l4.3 2.5M8.2 20.5l4.3-2.5M19.5 14l4.3-2.5" />
                </svg>
                <span class="title">{ "kubeplay" }</span>
                <span class="subtitle">{ "Kubernetes v1.32, simulated in your browser" }</span>
            </div>
            <div class="bar-right">
                <span class="chip" title="Names, IPs and ports all derive from the seed: the same seed and commands give the same cluster">
                    { format!("seed {}", p.seed) }
                </span>
                <div class="clock" role="group" aria-label="Simulated clock">
                    <button class={classes!("play", p.playing.then_some("on"))} aria-label={label} title={label} onclick={toggle}>
                        <svg viewBox="0 0 16 16" aria-hidden="true">{ icon }</svg>
                    </button>
                    <div class="speeds" role="group" aria-label="Clock speed">{ for speeds }</div>
                    <div class="forwards" role="group" aria-label="Fast-forward">{ for forwards }</div>
                    <span class="time" title={format!("Cluster time {}", p.now)}>
                        <span class="time-label">{ "t=" }</span>{ p.elapsed.clone() }
                    </span>
                </div>
            </div>
        </header>
    }
}

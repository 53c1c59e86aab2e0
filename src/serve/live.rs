//! The script `serve` adds to each page it sends: it waits for the next build, reloads the page
//! when the build succeeds, and shows the problems over the page when it fails.

use std::io::Cursor;

pub const SCRIPT_PATH: &str = "/__auditpress/live.js";
pub const WAIT_PATH: &str = "/__auditpress/wait";

const SCRIPT: &str = r#"(function () {
  'use strict';
  var generation = Number(document.currentScript.dataset.generation);
  var OVERLAY = 'auditpress-build-problems';

  function clear() {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
  }

  function show(problems) {
    clear();
    var box = document.createElement('div');
    box.id = OVERLAY;
    box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;' +
      'background:#fff;color:#0b0c0c;border-bottom:6px solid #d4351c;padding:16px 24px;' +
      'font:16px/1.4 Arial,"Liberation Sans",sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.3)';
    var title = document.createElement('p');
    title.style.cssText = 'font-weight:700;font-size:20px;margin:0 0 8px';
    title.textContent = 'The build failed: ' + problems.length + (problems.length === 1 ? ' problem' : ' problems');
    box.appendChild(title);
    problems.forEach(function (problem) {
      var pre = document.createElement('pre');
      pre.style.cssText = 'white-space:pre-wrap;margin:0 0 8px;font:14px/1.4 "DejaVu Sans Mono",monospace';
      pre.textContent = problem;
      box.appendChild(pre);
    });
    var note = document.createElement('p');
    note.style.cssText = 'margin:8px 0 0';
    note.textContent = 'Fix the file and save it: this page reloads by itself. Below is the last good build.';
    box.appendChild(note);
    document.body.appendChild(box);
  }

  function wait(since) {
    fetch('/__auditpress/wait?since=' + since, { cache: 'no-store' })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.problems.length) {
          show(state.problems);
        } else if (state.generation > generation) {
          location.reload();
          return;
        }
        generation = Math.max(generation, state.generation);
        wait(generation);
      })
      .catch(function () { setTimeout(function () { wait(generation); }, 1000); });
  }

  // The build this page comes from may already have been followed by a failed one.
  wait(generation - 1);
})();
"#;

pub fn script() -> tiny_http::Response<Cursor<Vec<u8>>> {
    respond(SCRIPT.as_bytes().to_vec(), "text/javascript; charset=utf-8")
}

pub fn respond(body: Vec<u8>, kind: &str) -> tiny_http::Response<Cursor<Vec<u8>>> {
    let mut response = tiny_http::Response::from_data(body);
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    response
}

/// The page with the reload script before its closing `</body>`.
pub fn with_reload_script(html: &[u8], generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\" data-generation=\"{generation}\"></script>\n");
    let at = html
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        assert_eq!(
            String::from_utf8(with_reload_script(b"<body><p>x</p></body></html>", 3)).unwrap(),
            "<body><p>x</p><script src=\"/__auditpress/live.js\" data-generation=\"3\"></script>\n</body></html>"
        );
    }
}

import type { CallSite } from "../types";
import { present } from "../syntax";
import { argument, taintedSinkRule, type SinkMatch } from "./taintedSink";

/** Constructors/functions whose first argument is template *source* (the context variables are safe). */
const TEMPLATE_SOURCES: ReadonlyMap<string, string> = new Map([
  ["jinja2.Template", "source"],
  ["flask.render_template_string", "source"],
  ["mako.template.Template", "text"],
  ["django.template.Template", "template_string"],
  ["tornado.template.Template", "template_string"],
  ["chameleon.PageTemplate", "body"],
  ["chameleon.PageTextTemplate", "body"],
  ["chameleon.zpt.template.PageTemplate", "body"],
  // bottle: the argument is template source, or a template name when it looks like one; either way the user picks the template
  ["bottle.SimpleTemplate", "source"],
  ["bottle.template", "tpl"],
  ["bottle.jinja2_template", "tpl"],
  ["bottle.mako_template", "tpl"],
  ["bottle.cheetah_template", "tpl"],
  ["genshi.template.MarkupTemplate", "source"],
  ["genshi.template.TextTemplate", "source"],
  ["genshi.template.NewTextTemplate", "source"],
  ["genshi.template.OldTextTemplate", "source"],
  ["genshi.template.markup.MarkupTemplate", "source"],
  ["genshi.template.text.NewTextTemplate", "source"],
  ["genshi.template.text.OldTextTemplate", "source"],
  ["chevron.render", "template"],
  ["chevron.renderer.render", "template"],
  ["pystache.render", "template"],
  ["Cheetah.Template.Template", "source"],
  ["airspeed.Template", "content"],
  ["trender.TRender", "template"],
]);

function match(call: CallSite): SinkMatch | undefined {
  const keyword = TEMPLATE_SOURCES.get(call.callee);
  if (keyword) return { inputs: present(argument(call, 0, keyword)), display: `${call.callee}()` };
  // jinja2.Environment().from_string, app.jinja_env.from_string, django Engine().from_string; Jinja's
  // SandboxedEnvironment exists to render untrusted templates
  if (call.methodName === "from_string" && call.receiver && !call.callee.includes("SandboxedEnvironment")) {
    return { inputs: present(argument(call, 0, "source")), display: "from_string()" };
  }
  return undefined;
}

export const templateInjectionRule = taintedSinkRule({
  meta: {
    id: "template-injection",
    category: "code-injection",
    subkind: "server-side-template-injection",
    cwe: 1336,
    severity: "high",
    title: "Server-side template injection",
    description:
      'Using untrusted input as template source lets an attacker write template expressions ({{ ... }}, ${ ... }) that the engine executes on the server, which in Jinja2 and Mako reaches arbitrary code execution. Keep templates constant (files or literals) and pass the input as a context variable: render_template_string("Hello {{ name }}", name=name).',
  },
  kind: "code",
  match,
  fixHint:
    'Keep the template constant and pass user input as a variable, e.g. render_template_string("Hello {{ name }}", name=name).',
});

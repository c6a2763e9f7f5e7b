/// The default bodies of the fleet pages, as Mustache over `FleetViews`. A site themes them by adding
/// `Templates/fleet-machines.mustache` or `Templates/fleet-compare.mustache`; the body then goes into
/// `fleet.mustache` (or `page.mustache`) as `content`, like any page's.
///
/// Optional values are absent rather than empty: swift-mustache treats "" as true, and an absent name
/// would otherwise be looked up further up the context.
enum FleetTemplates {
    static let machinesName = "fleet-machines"
    static let compareName = "fleet-compare"

    static let machines = """
        <p>This site holds {{guideCount}} guides: the same pages, each rendered with the numbers one machine measured with one interpreter, and each claim checked against them. <a href="{{comparePage}}">The comparison</a> sets their key figures side by side.</p>
        <ul class="fleet-machines">
        {{#machines}}
        <li class="fleet-machine">
        <h2><a href="{{url}}">{{label}}</a></h2>
        <dl>
        {{#facts}}
        <div{{#isWarning}} class="fleet-warning"{{/isWarning}}><dt>{{term}}</dt><dd>{{value}}</dd></div>
        {{/facts}}
        </dl>
        {{#history}}<p><a href="{{history}}">Earlier runs: the history of its key figures</a></p>{{/history}}
        </li>
        {{/machines}}
        </ul>

        """

    static let compare = """
        <p>Each column is one guide; each figure is the median with the uncertainty the guide shows. Figures are compared only between guides measured with the same profile (here <code>{{profile}}</code>) and the same workload sources; any other cell is marked <em>not comparable</em> with the reason.</p>
        <h2 id="key-figures">Key figures</h2>
        <div class="table-scroll">
        <table class="results fleet-compare">
        <thead>
        <tr><th scope="col">Figure</th>{{#guides}}<th scope="col"><a href="{{url}}">{{label}}</a></th>{{/guides}}</tr>
        </thead>
        <tbody>
        {{#figures}}
        <tr><th scope="row">{{title}}</th>{{#cells}}{{#missing}}<td class="num missing">— <span class="fleet-note">{{missing}}</span></td>{{/missing}}{{^missing}}{{#notComparable}}<td class="num not-comparable"><span class="fleet-value">{{text}}</span>{{#note}} <span class="fleet-note">{{note}}</span>{{/note}} <span class="fleet-note">not comparable: {{notComparable}}</span></td>{{/notComparable}}{{^notComparable}}<td class="num">{{text}}{{#note}} <span class="fleet-note">{{note}}</span>{{/note}}</td>{{/notComparable}}{{/missing}}{{/cells}}</tr>
        {{/figures}}
        </tbody>
        </table>
        </div>
        <h2 id="claims-that-differ">Claims whose verdict differs</h2>
        {{^hasClaims}}
        <p>Every claim has the same verdict in every guide.</p>
        {{/hasClaims}}
        {{#hasClaims}}
        <div class="table-scroll">
        <table class="claims fleet-claims">
        <thead>
        <tr><th scope="col">Claim</th>{{#guides}}<th scope="col">{{label}}</th>{{/guides}}<th scope="col">Why they may differ</th></tr>
        </thead>
        <tbody>
        {{#claims}}
        <tr><td>{{{sentenceHTML}}}</td>{{#cells}}<td><span class="fleet-cell-label">{{guide}}: </span>{{#verdict}}<a class="verdict {{cssClass}}" href="{{href}}">{{verdict}}</a>{{/verdict}}{{^verdict}}—{{/verdict}}</td>{{/cells}}<td>{{reason}}</td></tr>
        {{/claims}}
        </tbody>
        </table>
        </div>
        <p class="results-note">Where no recorded fact (usable CPUs, GIL state, default start method, platform, Python version, a busy machine, profile) takes the same value on every guide with one verdict and another value on every guide with the other, the difference is put down to noise, or to the machines themselves: compare the figures under the claim in each guide.</p>
        {{/hasClaims}}

        """
}
